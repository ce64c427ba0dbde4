"""Figures for the topic-6 deck, drawn from the reference solution (deterministic, offline).

    python slides/make_figures.py t6

- t6_recall_at_k.png: recall@k and MRR@k of the reference BM25 for k = 1..10, visible vs
  held-out questions.
- t6_failures_by_type.png: recall@1 and recall@5 per question type (all questions).
- t6_top_scores.png: the best BM25 score of answerable vs unanswerable questions.
- t6_fairness_gap.png: the fairness probe's gaps with paired bootstrap intervals for the
  unbiased and the planted biased toy scorer (overall and per term pair), and the biased
  scorer's unpaired interval.
- t6_codegen_pass_at_k.png: pass@k against k for each bundled code-generation problem (the
  statuses the hidden checks confirm by running every candidate), and the statuses per problem.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from grader.core import target  # noqa: E402
from grader.core.plots import save_figure  # noqa: E402

KS = list(range(1, 11))
TYPES = ["lookup", "paraphrase", "versioned", "multi_hop"]


def _setup():
    retrieval = target.oracle("t6_use_cases.retrieval")
    data = target.oracle("t6_use_cases.data")
    evaluate = target.oracle("t6_use_cases.evaluate")
    index = retrieval.BM25Index([data.document_text(d) for d in data.load_knowledge_base()])
    return index, data, evaluate


def make(out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    index, data, evaluate = _setup()
    paths = []

    # recall@k and MRR@k curves
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for split, style in (("visible", "-"), ("hidden", "--")):
        questions = data.load_questions(split)
        reports = [evaluate.evaluate_retrieval(index, questions, k) for k in KS]
        ax.plot(
            KS,
            [r["recall_at_k"] for r in reports],
            style,
            marker="o",
            color="C0",
            label=f"recall@k ({split}, {reports[0]['n_answerable']} answerable)",
        )
        ax.plot(
            KS, [r["mrr"] for r in reports], style, marker="s", color="C1", label=f"MRR@k ({split})"
        )
    ax.set_xlabel("k (documents retrieved)")
    ax.set_ylabel("score")
    ax.set_ylim(0.4, 1.0)
    ax.set_xticks(KS)
    ax.grid(alpha=0.3)
    ax.set_title("BM25 on the Kestrel knowledge base (67 documents)")
    ax.legend(loc="lower right", fontsize=9)
    paths.append(save_figure(fig, out_dir / "t6_recall_at_k.png"))

    # failure breakdown by question type
    questions = data.load_questions(None)
    at1 = evaluate.evaluate_retrieval(index, questions, 1)["by_type"]
    at5 = evaluate.evaluate_retrieval(index, questions, 5)["by_type"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    xs = range(len(TYPES))
    ax.bar([x - 0.2 for x in xs], [at1[t]["recall_at_k"] for t in TYPES], 0.4, label="recall@1")
    ax.bar([x + 0.2 for x in xs], [at5[t]["recall_at_k"] for t in TYPES], 0.4, label="recall@5")
    for x, t in zip(xs, TYPES):
        ax.text(x + 0.2, at5[t]["recall_at_k"] + 0.02, f"{at5[t]['recall_at_k']:.2f}", ha="center")
        ax.text(x - 0.2, at1[t]["recall_at_k"] + 0.02, f"{at1[t]['recall_at_k']:.2f}", ha="center")
    ax.set_xticks(list(xs), [f"{t}\n(n={at5[t]['n']})" for t in TYPES])
    ax.set_ylim(0, 1.22)
    ax.set_ylabel("recall")
    ax.set_title("Which questions fail? (all 148 questions, BM25)")
    ax.legend(loc="upper center", ncol=2)
    paths.append(save_figure(fig, out_dir / "t6_failures_by_type.png"))

    # best score: answerable vs unanswerable
    def best(q):
        results = index.search(q["question"], 1)
        return results[0][1] if results else 0.0

    answerable = [best(q) for q in questions if q["gold_docs"]]
    unanswerable = [best(q) for q in questions if not q["gold_docs"]]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    bins = [x * 0.5 for x in range(0, 25)]
    ax.hist(
        answerable, bins=bins, alpha=0.6, density=True, label=f"answerable (n={len(answerable)})"
    )
    ax.hist(
        unanswerable,
        bins=bins,
        alpha=0.6,
        density=True,
        label=f"unanswerable (n={len(unanswerable)})",
    )
    ax.axvline(3.0, color="k", ls=":", label="a possible abstain threshold")
    ax.set_xlabel("best BM25 score of the question")
    ax.set_ylabel("density")
    ax.set_title("Can the score tell 'not in the knowledge base'?")
    ax.legend()
    paths.append(save_figure(fig, out_dir / "t6_top_scores.png"))

    paths.append(_fairness_figure(out_dir))
    paths.append(_codegen_figure(out_dir))
    return paths


def _fairness_figure(out_dir: Path) -> Path:
    """Gap and 95% interval per scorer and term pair; the unpaired interval for comparison."""
    import numpy as np

    fairness = target.oracle("t6_use_cases.fairness")
    rows = []  # (label, gap, low, high)
    for name, scorer in (
        ("unbiased", fairness.toy_scorer()),
        ("+0.3 for 'young'", fairness.toy_scorer("young", 0.3)),
    ):
        report = fairness.fairness_report(scorer)
        rows.append((f"{name}: all pairs", report["gap"], report["low"], report["high"]))
        for key, entry in report["by_pair"].items():
            rows.append((f"{name}: {key}", entry["gap"], entry["low"], entry["high"]))
    # the same biased scorer, the two groups' scores resampled separately (the wrong way)
    scorer = fairness.toy_scorer("young", 0.3)
    pairs = fairness.counterfactual_pairs(fairness.TEMPLATES, fairness.GROUP_PAIRS)
    a = np.array([scorer(x) for x, _ in pairs])
    b = np.array([scorer(y) for _, y in pairs])
    rng = np.random.default_rng(0)
    n = len(pairs)
    means = a[rng.integers(0, n, size=(2000, n))].mean(axis=1) - b[
        rng.integers(0, n, size=(2000, n))
    ].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    rows.append(("+0.3 for 'young': all pairs, UNPAIRED", a.mean() - b.mean(), low, high))

    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    ys = list(range(len(rows)))[::-1]
    for y, (_, gap, lo, hi) in zip(ys, rows):
        flagged = lo > 0 or hi < 0
        colour = "C3" if flagged else "C0"
        ax.errorbar(gap, y, xerr=[[gap - lo], [hi - gap]], fmt="o", color=colour, capsize=4)
        ax.text(
            hi + 0.02,
            y,
            f"{gap:+.2f} [{lo:+.2f}, {hi:+.2f}]" + ("  flagged" if flagged else ""),
            va="center",
            fontsize=8,
        )
    ax.axvline(0.0, color="k", lw=1)
    ax.set_yticks(ys, [r[0] for r in rows], fontsize=9)
    ax.set_xlim(-0.25, 0.8)
    ax.set_xlabel("gap = mean of scorer(a) - scorer(b), with its 95% bootstrap interval")
    ax.set_title("20 templates x 2 term pairs (red: the interval excludes 0)", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return save_figure(fig, out_dir / "t6_fairness_gap.png")


def _codegen_figure(out_dir: Path) -> Path:
    """pass@k (the unbiased estimator) per problem and averaged; the statuses per problem."""
    evaluate = target.oracle("t6_use_cases.evaluate")
    problems = target.oracle("t6_use_cases.codegen_problems").PROBLEMS
    statuses = {p["name"]: [c["expected"] for c in p["candidates"]] for p in problems}
    ks = list(range(1, 9))
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    curves = []
    for name, row in statuses.items():
        curve = [evaluate.pass_at_k(len(row), row.count("passed"), k) for k in ks]
        curves.append(curve)
        left.plot(ks, curve, marker="o", alpha=0.6, label=f"{name} ({row.count('passed')}/8)")
    mean = [sum(c[i] for c in curves) / len(curves) for i in range(len(ks))]
    left.plot(ks, mean, color="k", lw=2.5, label="mean")
    left.set_xlabel("k (samples a user tries)")
    left.set_ylabel("pass@k")
    left.set_title(f"pass@1 = {mean[0]:.3f}, pass@5 = {mean[4]:.3f}", fontsize=10)
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    kinds = ["passed", "failed", "error", "timeout", "memory"]
    colours = ["C2", "C1", "C3", "C7", "C4"]
    names = list(statuses)
    bottom = [0] * len(names)
    for kind, colour in zip(kinds, colours):
        counts = [statuses[n].count(kind) for n in names]
        right.bar(names, counts, bottom=bottom, color=colour, label=kind)
        bottom = [b + c for b, c in zip(bottom, counts)]
    right.set_ylabel("candidates")
    right.set_title("8 candidates per problem, run in the sandbox", fontsize=10)
    right.tick_params(axis="x", rotation=30, labelsize=8)
    right.legend(fontsize=8)
    return save_figure(fig, out_dir / "t6_codegen_pass_at_k.png")
