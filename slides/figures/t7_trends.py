"""Figures for slides/t7_trends.md, drawn from the reference solutions and the bundled data.

* t7_compute_trend.png: training compute of the bundled language models since 2018 with the
  fitted trend (the reference `plot_trend`).
* t7_allocation.png: compute-optimal model size against budget: Kaplan-style N ∝ C^0.73,
  Chinchilla's 20 tokens per parameter, the loss-optimal split of both constant sets, and
  the real models.
* t7_oom_decomposition.png: effective-compute OOMs split into compute, algorithms and
  unhobbling, GPT-2 → GPT-4 (compute from the data) and 2024 → 2027 (stated assumptions).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from grader.core import target  # noqa: E402

ref = target.oracle("t7_trends.trends")

ALGORITHMIC = 0.45  # OOM/yr, Ho et al. 2024 (halving every ~8 months)
UNHOBBLING_2027 = 1.0  # OOM for 2024 -> 2027: an assumption, shown hatched


def compute_trend(out_dir: Path) -> Path:
    df = ref.load_notable_models()
    df = df[df["year"] >= 2018]
    trend = ref.fit_exponential_trend(df["year"], df["training_flop"])
    fig = ref.plot_trend(df, trend, title=f"Language models since 2018: {trend.describe()}")
    ax = fig.axes[0]
    for name in [
        "GPT-1",
        "GPT-2",
        "GPT-3 175B",
        "Chinchilla",
        "PaLM 540B",
        "GPT-4",
        "Llama 3 8B",
        "Llama 3.1 405B",
        "DeepSeek-V3",
        "Grok 3",
    ]:
        row = df[df["name"] == name].iloc[0]
        ax.annotate(
            name,
            (row["year"], row["training_flop"]),
            textcoords="offset points",
            xytext=(5, -3),
            fontsize=8,
        )
    path = out_dir / "t7_compute_trend.png"
    fig.savefig(path, dpi=150)
    return path


def allocation(out_dir: Path) -> Path:
    df = ref.load_notable_models().dropna(subset=["training_flop", "parameters"])
    compute = np.logspace(19, 27, 200)
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.add_subplot()
    n_rule, _ = ref.chinchilla_optimal(compute)
    n_hoffmann, _ = ref.loss_optimal_allocation(compute)
    epoch = {k: v for k, v in ref.EPOCH_REFIT.items() if k != "E"}
    n_epoch, _ = ref.loss_optimal_allocation(compute, **epoch)
    # Kaplan et al. 2020: N_opt ∝ C^0.73; the constant is not used here: the line is
    # anchored at GPT-3 (174.6B parameters, 3.14e23 FLOP), which followed that advice.
    n_kaplan = 174.6e9 * (compute / 3.14e23) ** 0.73
    ax.plot(
        compute, n_kaplan, "--", color="tab:red", label="Kaplan-style N ∝ C^0.73 (through GPT-3)"
    )
    ax.plot(compute, n_rule, color="black", label="Chinchilla rule: 20 tokens per parameter")
    ax.plot(compute, n_hoffmann, ":", color="tab:purple", label="loss-optimal, published constants")
    ax.plot(compute, n_epoch, "-.", color="tab:green", label="loss-optimal, Epoch refit")
    params = df["active_parameters"].fillna(df["parameters"])
    ax.scatter(
        df["training_flop"],
        params,
        color="tab:blue",
        zorder=3,
        s=18,
        label="models (active parameters)",
    )
    for name in [
        "GPT-3 175B",
        "Gopher",
        "Chinchilla",
        "Megatron-Turing NLG 530B",
        "Llama 3 8B",
        "Llama 3.1 405B",
        "DeepSeek-V3",
    ]:
        row = df[df["name"] == name].iloc[0]
        n = (
            row["active_parameters"]
            if row["active_parameters"] == row["active_parameters"]
            else row["parameters"]
        )
        offset = (-60, 8) if name.startswith("Megatron") else (5, -3)
        ax.annotate(
            name.replace(" NLG 530B", " NLG"),
            (row["training_flop"], n),
            textcoords="offset points",
            xytext=offset,
            fontsize=8,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e8, 3e13)
    ax.set_xlabel("training compute C (FLOP)")
    ax.set_ylabel("parameters N")
    ax.set_title("How big for a budget? Above the black line: too big for its data")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    path = out_dir / "t7_allocation.png"
    fig.savefig(path, dpi=150)
    return path


def oom_decomposition(out_dir: Path) -> Path:
    df = ref.load_notable_models().set_index("name")
    gpt2, gpt4 = df.loc["GPT-2"], df.loc["GPT-4"]
    years_past = gpt4["year"] - gpt2["year"]
    compute_past = np.log10(gpt4["training_flop"] / gpt2["training_flop"])
    algo_past = years_past * ALGORITHMIC
    recent = df[df["year"] >= 2018].reset_index()
    trend = ref.fit_exponential_trend(recent["year"], recent["training_flop"])
    compute_future = 3 * trend.ooms_per_year
    algo_future = 3 * ALGORITHMIC

    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.add_subplot()
    labels = [
        f"GPT-2 → GPT-4\n({years_past:.1f} years, compute from the data)",
        "2024 → 2027\n(3 years, assumptions)",
    ]
    compute = [compute_past, compute_future]
    algo = [algo_past, algo_future]
    unhobbling = [0.0, UNHOBBLING_2027]
    x = np.arange(2)
    ax.bar(x, compute, 0.5, color="tab:blue", label="physical compute")
    ax.bar(
        x,
        algo,
        0.5,
        bottom=compute,
        color="tab:orange",
        label=f"algorithmic efficiency ({ALGORITHMIC} OOM/yr, Ho et al. 2024)",
    )
    ax.bar(
        x,
        unhobbling,
        0.5,
        bottom=np.add(compute, algo),
        color="white",
        edgecolor="tab:green",
        hatch="//",
        label="unhobbling (a judgement, not a trend)",
    )
    ax.text(
        0,
        compute_past + algo_past + 0.15,
        "+ unhobbling:\nchat tuning, tools, CoT (?)",
        ha="center",
        fontsize=9,
        color="tab:green",
    )
    for i in range(2):
        total = compute[i] + algo[i] + unhobbling[i]
        ax.text(i + 0.28, total - 0.2, f"{total:.1f} OOM", fontsize=10, va="top")
        ax.text(i, compute[i] / 2, f"{compute[i]:.1f}", ha="center", color="white", fontsize=11)
        ax.text(i, compute[i] + algo[i] / 2, f"{algo[i]:.1f}", ha="center", fontsize=11)
    ax.text(
        1,
        compute_future + algo_future + UNHOBBLING_2027 / 2,
        f"{UNHOBBLING_2027:.1f}",
        ha="center",
        fontsize=11,
    )
    ax.set_xticks(x, labels)
    ax.set_xlim(-0.6, 1.9)
    ax.set_ylim(0, 8.5)
    ax.set_ylabel("orders of magnitude (OOM) of effective compute")
    ax.set_title(
        f"Where the OOMs come from (2024→2027 compute at the fitted "
        f"{trend.ooms_per_year:.2f} OOM/yr)"
    )
    ax.legend(loc="upper right", fontsize=8)
    path = out_dir / "t7_oom_decomposition.png"
    fig.savefig(path, dpi=150)
    return path


def make(out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [compute_trend(out_dir), allocation(out_dir), oom_decomposition(out_dir)]


if __name__ == "__main__":
    for p in make(Path(__file__).resolve().parent / "out"):
        print(p)
