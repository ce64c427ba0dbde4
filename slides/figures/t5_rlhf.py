"""Figures for slides/t5_rlhf.md, drawn from one run of the reference capstone.

- t5_reward_margins.png: the reward model's margin and batch accuracy over its training
  steps (trl's log), and DPO's implicit reward margin over its steps;
- t5_best_of_n.png: mean judge score of the reply best-of-n picks with the reward model, for
  n = 1..16, against the best of 16 picked by the judge itself;
- t5_dpo_shift.png: what the judge sees in samples before and after DPO;
- t5_length_probe.png: the reward model's score change when two empty sentences are added to
  concise, correct replies (filler the raters saw, and filler it never saw);
- t5_diversity.png: alignment's diversity cost, from ``t5_rlhf.diversity.run()``: the judge's
  score against distinct-2 for base, SFT and DPO at temperatures 1.0 and 0.7, and distinct-1,
  distinct-2 and sample entropy side by side at 1.0.

`t5_rlhf.capstone.run()` takes about 5 minutes on one thread of a busy 2-core machine; its
numbers are kept in out/t5_capstone.json and reused (delete the file to rerun). The diversity
run (SFT, DPO and 3 × 2 × 320 samples) takes about a minute of CPU, kept in out/t5_diversity.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from grader.core import target
from grader.core.plots import save_figure


def capstone_results(out: Path) -> dict:
    cache = out / "t5_capstone.json"
    if cache.exists():
        return json.loads(cache.read_text())
    result = target.oracle("t5_rlhf.capstone").run(verbose=False)
    cache.write_text(json.dumps(result, indent=1, default=str))
    return json.loads(cache.read_text())


def diversity_results(out: Path) -> dict:
    """``t5_rlhf.diversity.run()`` with its defaults (the README's table), cached as JSON."""
    cache = out / "t5_diversity.json"
    if not cache.exists():
        result = target.oracle("t5_rlhf.diversity").run(verbose=False)
        cache.write_text(json.dumps(result, indent=1))
    return json.loads(cache.read_text())


def _smooth(values, k=10):
    out = []
    for i in range(len(values)):
        window = values[max(0, i - k + 1) : i + 1]
        out.append(sum(window) / len(window))
    return out


def _margins(r: dict, out: Path) -> Path:
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    steps, _, acc, margin = zip(*r["reward"]["train_curve"])
    ax1.plot(steps, _smooth(margin), lw=2, label="margin r(chosen) − r(rejected)")
    ax1.plot(steps, _smooth(acc), lw=2, label="batch accuracy")
    ax1.axhline(r["reward"]["heldout_accuracy"], color="grey", ls=":", lw=1)
    ax1.text(
        steps[0],
        r["reward"]["heldout_accuracy"] + 0.1,
        f"held-out accuracy {r['reward']['heldout_accuracy']:.2f}",
        color="grey",
    )
    ax1.set(xlabel="RewardTrainer step (8 pairs)", title="reward model (mean of 10 steps)")
    ax1.legend(loc="upper left", fontsize=8)
    steps, _, margin, acc = zip(*r["dpo"]["train_curve"])
    ax2.plot(steps, _smooth(margin), lw=2, label="rewards/margins (β·log-ratio)")
    ax2.plot(steps, _smooth(acc), lw=2, label="rewards/accuracies")
    ax2.set(xlabel="DPOTrainer step (8 pairs)", title="DPO's implicit reward (mean of 10 steps)")
    ax2.legend(loc="upper left", fontsize=8)
    return save_figure(fig, out / "t5_reward_margins.png")


def _best_of_n(r: dict, out: Path) -> Path:
    import matplotlib.pyplot as plt

    curve = r["best_of_n"]["curve"]
    ns = [int(n) for n in curve]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(ns, [curve[str(n)]["judge"] for n in ns], "o-", lw=2, label="judge score of the pick")
    ax.axhline(
        r["best_of_n"]["judge_oracle_best_of_16"],
        color="grey",
        ls=":",
        lw=1.5,
        label="best of 16 picked by the judge",
    )
    ax2 = ax.twinx()
    ax2.plot(
        ns,
        [curve[str(n)]["reward"] for n in ns],
        "s--",
        color="tab:orange",
        lw=1.5,
        label="reward model's score of the pick",
    )
    ax.set(
        xscale="log",
        xticks=ns,
        xticklabels=[str(n) for n in ns],
        xlabel="n (samples)",
        ylabel="judge score (−3 … 2)",
        title="best-of-n with the reward model as ranker",
    )
    ax2.set_ylabel("reward-model score")
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="lower right", fontsize=8)
    return save_figure(fig, out / "t5_best_of_n.png")


def _dpo_shift(r: dict, out: Path) -> Path:
    import matplotlib.pyplot as plt

    keys = ["polite", "rude", "rambling", "correct", "wrong"]
    before = [r["sft"][k] for k in keys]
    after = [r["dpo"]["after_" + k] for k in keys]
    fig, ax = plt.subplots(figsize=(7, 3.4))
    x = range(len(keys))
    ax.bar(
        [i - 0.2 for i in x],
        before,
        width=0.4,
        label=f"before DPO (judge {r['sft']['judge']:+.2f})",
    )
    ax.bar(
        [i + 0.2 for i in x],
        after,
        width=0.4,
        label=f"after DPO (judge {r['dpo']['after_judge']:+.2f})",
    )
    ax.set(
        xticks=list(x),
        xticklabels=keys,
        ylabel="share of samples",
        ylim=(0, 1),
        title="samples for held-out questions, seen by the judge",
    )
    ax.legend(fontsize=8)
    return save_figure(fig, out / "t5_dpo_shift.png")


def _length_probe(r: dict, out: Path) -> Path:
    import matplotlib.pyplot as plt

    probes = r["length_probe"]
    names = [k for k in probes["trained"] if k not in ("replies", "within_judge_score")]
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    x = range(len(names))
    for offset, which, color in ((-0.2, "untrained", "tab:gray"), (0.2, "trained", "tab:red")):
        values = [probes[which][k]["mean_reward_change"] for k in names]
        ax.bar(
            [i + offset for i in x], values, width=0.4, color=color, label=f"{which} reward model"
        )
        for i, k in enumerate(names):
            share = probes[which][k]["reward_up_share"]
            ax.text(
                i + offset,
                values[i],
                f"up for {share:.0%}",
                ha="center",
                fontsize=8,
                va="bottom" if values[i] > 0 else "top",
            )
    ax.axhline(0, color="grey", lw=0.5)
    judge_change = probes["trained"][names[0]]["judge_change"]
    ax.set(
        xticks=list(x),
        xticklabels=names,
        ylabel="mean reward change",
        title=f"two empty sentences before {probes['trained']['replies']} concise replies "
        f"(judge: {judge_change:+.1f})",
    )
    ax.legend(fontsize=8)
    return save_figure(fig, out / "t5_length_probe.png")


def _diversity(d: dict, out: Path) -> Path:
    import math

    import matplotlib.pyplot as plt

    names = {"base": "base: the monster", "sft": "SFT: the mask", "dpo": "DPO: the smile"}
    colors = {"base": "tab:gray", "sft": "tab:blue", "dpo": "tab:red"}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.9), gridspec_kw={"width_ratios": [1.1, 1]})
    for temperature, style in zip(d, ("-", ":")):
        report = d[temperature]
        ax1.plot(
            [report[m]["distinct_2"] for m in names],
            [report[m]["judge"] for m in names],
            style,
            color="black",
            lw=1,
            label=f"temperature {float(temperature):.1f}",
        )
        for m in names:
            ax1.scatter(
                report[m]["distinct_2"],
                report[m]["judge"],
                s=60,
                color=colors[m],
                zorder=3,
                marker="o" if style == "-" else "D",
            )
            ax1.annotate(
                m,
                (report[m]["distinct_2"], report[m]["judge"]),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=8,
                color=colors[m],
            )
    ax1.set(
        xlabel="distinct-2 (range for one prompt)",
        ylabel="mean judge score (quality)",
        title="quality against range, base → SFT → DPO",
    )
    ax1.legend(fontsize=8, loc="upper right")
    first = next(iter(d))
    report = d[first]
    metrics = {"distinct-1": "distinct_1", "distinct-2": "distinct_2", "entropy / ln 16": "entropy"}
    for i, m in enumerate(names):
        values = [
            report[m][key] / (math.log(16) if key == "entropy" else 1) for key in metrics.values()
        ]
        bars = ax2.bar(
            [j + (i - 1) * 0.27 for j in range(len(metrics))],
            values,
            width=0.27,
            color=colors[m],
            label=f"{names[m]} (judge {report[m]['judge']:+.2f})",
        )
        ax2.bar_label(bars, fmt="%.2f", fontsize=7)
    ax2.set(
        xticks=range(len(metrics)),
        xticklabels=list(metrics),
        ylim=(0, 1.45),
        title=f"20 held-out questions × 16 samples, temperature {float(first):.1f}",
    )
    ax2.legend(fontsize=7, loc="upper left", ncol=2)
    return save_figure(fig, out / "t5_diversity.png")


def make(out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    import matplotlib

    matplotlib.use("Agg")
    r = capstone_results(out_dir)
    return [
        _margins(r, out_dir),
        _best_of_n(r, out_dir),
        _dpo_shift(r, out_dir),
        _length_probe(r, out_dir),
        _diversity(diversity_results(out_dir), out_dir),
    ]


if __name__ == "__main__":
    for p in make(Path(__file__).parent / "out"):
        print(p)
