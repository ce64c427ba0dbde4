"""Trend fitting: the reference closed-form fits vs numpy's own, timed in the same run.

    python bench/t7_trends.py

Three pairs, each computing the same answer two ways (results compared before timing):

* the exponential trend on data/notable_models.csv: `fit_exponential_trend` vs
  `numpy.polyfit(year, log10(flop), 1, cov=True)`;
* the same on 100,000 synthetic points, where the arithmetic rather than the call overhead
  dominates;
* the loss-optimal allocation for 1,000 budgets: the closed form `loss_optimal_allocation`
  vs a dense grid search (4,001 model sizes per budget, NumPy-vectorised).

Ratios are reference time over peer time (below 1: the reference is faster), so they travel
between machines better than seconds do.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from grader.core import target  # noqa: E402  (importing grader sets the offline env)


def _best_seconds(fn, repeat: int = 5) -> float:
    """Best per-call time over `repeat` rounds, each long enough to be measured (~0.1 s)."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def _grid_allocation(compute: np.ndarray, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    log_n = np.linspace(6.0, 14.0, 4001)
    n = 10.0 ** log_n[None, :]
    loss = A / n**alpha + B / (compute[:, None] / (6 * n)) ** beta
    best = n[0, np.argmin(loss, axis=1)]
    return best, compute / (6 * best)


def run() -> list[dict]:
    ref = target.oracle("t7_trends.trends")
    rows = []

    df = ref.load_notable_models().dropna(subset=["training_flop"])
    years, flop = df["year"].to_numpy(), df["training_flop"].to_numpy()
    rng = np.random.default_rng(0)
    big_years = 2010 + 15 * rng.random(100_000)
    big_values = 10.0 ** (20 + 0.6 * (big_years - 2017) + 0.5 * rng.standard_normal(100_000))

    for label, x, v in [
        (f"trend fit, bundled data ({len(years)} models)", years, flop),
        ("trend fit, 100,000 synthetic points", big_years, big_values),
    ]:
        mine = ref.fit_exponential_trend(x, v)
        (slope, _), _ = np.polyfit(x, np.log10(v), 1, cov=True)
        assert abs(mine.ooms_per_year - slope) < 1e-8, (mine.ooms_per_year, slope)
        rows.append(
            {
                "what": label,
                "peer": "`numpy.polyfit(..., cov=True)`",
                "reference_s": _best_seconds(lambda: ref.fit_exponential_trend(x, v)),
                "peer_s": _best_seconds(lambda: np.polyfit(x, np.log10(v), 1, cov=True)),
            }
        )

    budgets = np.logspace(18, 27, 1000)
    n_closed, _ = ref.loss_optimal_allocation(budgets)
    n_grid, _ = _grid_allocation(budgets)
    assert np.allclose(n_closed, n_grid, rtol=0.01), "closed form and grid disagree"
    rows.append(
        {
            "what": "loss-optimal (N, D) for 1,000 budgets",
            "peer": "grid search, 4,001 sizes",
            "reference_s": _best_seconds(lambda: ref.loss_optimal_allocation(budgets)),
            "peer_s": _best_seconds(lambda: _grid_allocation(budgets), repeat=3),
        }
    )
    for row in rows:
        row["ratio"] = row["reference_s"] / row["peer_s"]
    return rows


def _fmt_s(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.0f} µs"
    return f"{seconds * 1e3:,.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        "## t7: trend fits, reference closed forms vs NumPy",
        "",
        "Same inputs, same answers (checked before timing); best of several rounds. "
        "Ratio = reference / peer (below 1: the reference is faster).",
        "",
        "| task | reference | peer | peer time | ratio |",
        "|---|---:|---|---:|---:|",
    ]
    for r in run():
        lines.append(
            f"| {r['what']} | {_fmt_s(r['reference_s'])} | {r['peer']} | "
            f"{_fmt_s(r['peer_s'])} | {r['ratio']:.2g}× |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
