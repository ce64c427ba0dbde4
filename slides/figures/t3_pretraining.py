"""Figures for slides/t3_pretraining.md, drawn from the reference solutions.

- t3_lr_schedule.png: warmup + cosine learning-rate schedule (cosine_lr);
- t3_induction_curves.png: in-context gain and best induction score vs training step, for
  attention-only models with 1 and 2 layers (induction_experiment, the checks' settings);
- t3_induction_pattern.png: the attention pattern of the best head of each layer of the
  trained 2-layer model on one repeated sequence: the previous-token stripe in layer 1, the
  induction stripe in layer 2;
- t3_reasoning_depth.png: exact-match accuracy against the number of digits for the tiny GPT
  trained on 1- to 3-digit sums (``train_adder``, the demo's defaults) and for the Shakespeare
  model (``data/t3_base_model``), with the threshold and ``collapse_depth``.

About 30 s on one CPU thread for the first three (two 300-step trainings of tiny models); the
adder's 1,500 steps and the 2 × 1,200 greedy completions take about 2 minutes of CPU, kept in
out/t3_reasoning.json and reused (delete the file to rerun).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from grader.core import target  # noqa: E402
from grader.core.plots import save_figure  # noqa: E402


def _lr_schedule(out: Path) -> Path:
    import matplotlib.pyplot as plt

    train = target.oracle("t3_pretraining.train")
    steps = list(range(0, 1201))
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(steps, [train.cosine_lr(s, 1e-3, 100, 1000, min_lr=1e-4) for s in steps], lw=2)
    ax.axvline(100, color="grey", ls=":", lw=1)
    ax.axvline(1000, color="grey", ls=":", lw=1)
    ax.text(50, 1.03e-3, "warmup", ha="center")
    ax.text(550, 1.03e-3, "cosine decay", ha="center")
    ax.text(1100, 1.03e-3, "floor", ha="center")
    ax.set(
        xlabel="step",
        ylabel="learning rate",
        ylim=(0, 1.12e-3),
        title="cosine_lr(step, max_lr=1e-3, warmup_steps=100, total_steps=1000, min_lr=1e-4)",
    )
    return save_figure(fig, out / "t3_lr_schedule.png")


def _induction(out: Path) -> list[Path]:
    import matplotlib.pyplot as plt
    import torch

    emergence = target.oracle("t3_pretraining.emergence")
    runs = {n: emergence.induction_experiment(n, steps=300, eval_every=10) for n in (1, 2)}

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    for n, style in ((2, "-"), (1, "--")):
        r = runs[n]
        ax1.plot(r["steps"], r["gain"], style, lw=2, label=f"{n} layer{'s' if n > 1 else ''}")
        ax2.plot(r["steps"], r["induction"], style, lw=2, label=f"{n} layer{'s' if n > 1 else ''}")
    ax1.set(
        xlabel="training step", ylabel="nats", title="in-context gain (loss 1st copy − 2nd copy)"
    )
    ax2.set(
        xlabel="training step",
        ylabel="attention to t − L + 1",
        title="best head's induction score",
        ylim=(0, 1),
    )
    ax1.axhline(0, color="grey", lw=0.5)
    ax1.legend()
    ax2.legend()
    curves = save_figure(fig, out / "t3_induction_curves.png")

    # the attention pattern of the trained 2-layer model on one sequence
    seq_len = 16
    model = runs[2]["model"]
    tokens = emergence.repeated_tokens(1, seq_len, 128, torch.Generator().manual_seed(11))
    with torch.no_grad():
        attentions = model(tokens, output_attentions=True).attentions
    scores = runs[2]["scores"]
    prev_scores = torch.stack(
        [
            a[0, :, torch.arange(1, 2 * seq_len), torch.arange(0, 2 * seq_len - 1)].mean(-1)
            for a in attentions
        ]
    )
    prev_head = int(prev_scores[0].argmax())
    ind_head = int(scores[1].argmax())
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
    for ax, layer, head, title in (
        (axes[0], 0, prev_head, f"layer 1, head {prev_head}: previous token"),
        (
            axes[1],
            1,
            ind_head,
            f"layer 2, head {ind_head}: induction (score {scores[1, ind_head]:.2f})",
        ),
    ):
        ax.imshow(attentions[layer][0, head].numpy(), cmap="viridis", vmin=0, vmax=1)
        ax.axhline(seq_len - 0.5, color="white", lw=0.8, ls=":")
        ax.axvline(seq_len - 0.5, color="white", lw=0.8, ls=":")
        ax.set(title=title, xlabel="key position (attended to)", ylabel="query position")
    fig.suptitle(f"a random sequence of {seq_len} tokens followed by its copy", y=0.98)
    pattern = save_figure(fig, out / "t3_induction_pattern.png")
    return [curves, pattern]


def reasoning_results(out: Path, max_depth: int = 6, n: int = 200) -> dict:
    """The demo's measurement (``python -m t3_pretraining.reasoning``), cached as JSON."""
    cache = out / "t3_reasoning.json"
    if cache.exists():
        return json.loads(cache.read_text())
    reasoning = target.oracle("t3_pretraining.reasoning")
    depths = range(1, max_depth + 1)
    model, tok, seconds = reasoning.train_adder(verbose=False)
    result = {"train_seconds": seconds, "n": n, "threshold": 0.5, "models": {}}
    for name, (m, t) in (("adder", (model, tok)), ("shakespeare", reasoning.shakespeare_model())):
        complete = reasoning.greedy_completer(m, t)
        accuracies = reasoning.accuracy_by_depth(complete, depths, n, seed=0)
        problem = reasoning.addition_dataset(4 if name == "adder" else 1, 1, seed=0)[0]
        prompt = problem.split("=")[0] + "="
        result["models"][name] = {
            "accuracy": {str(k): v for k, v in accuracies.items()},
            "collapse_depth": reasoning.collapse_depth(accuracies),
            "example": [prompt, complete(prompt).strip(), problem.strip()],
        }
    cache.write_text(json.dumps(result, indent=1))
    return result


def _reasoning(out: Path) -> Path:
    import matplotlib.pyplot as plt

    r = reasoning_results(out)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.axvspan(0.5, 3.5, color="tab:green", alpha=0.08)
    ax.text(2.75, 0.75, "trained on\n1–3 digits", ha="center", color="tab:green")
    ax.axhline(r["threshold"], color="grey", ls=":", lw=1)
    ax.text(6.2, r["threshold"] + 0.03, f"threshold {r['threshold']:.0%}", ha="right", color="grey")
    labels = {
        "adder": "tiny GPT trained on sums (2 layers × 128, 1,500 steps)",
        "shakespeare": "the Shakespeare model (data/t3_base_model)",
    }
    for (name, m), style, color in zip(r["models"].items(), ("o-", "s--"), ("tab:blue", "tab:red")):
        depths = [int(k) for k in m["accuracy"]]
        acc = list(m["accuracy"].values())
        prompt, said, right = m["example"]
        ax.plot(
            depths,
            acc,
            style,
            color=color,
            lw=2,
            label=f"{labels[name]}: {prompt}{said}  (right: {right.split('=')[1]})",
        )
        k = m["collapse_depth"]
        if k is not None:
            ax.annotate(
                f"collapse_depth = {k}",
                (k, m["accuracy"][str(k)]),
                color=color,
                xytext=(k + 0.25, 0.12 + 0.2 * (name == "adder")),
                arrowprops=dict(arrowstyle="->", color=color),
            )
    ax.set(
        xlabel="digits per operand (depth)",
        ylabel="exact-match accuracy",
        ylim=(-0.04, 1.2),
        xticks=depths,
        title=f"k-digit addition, {r['n']} problems per depth, greedy",
    )
    ax.legend(loc="upper right", fontsize=8)
    return save_figure(fig, out / "t3_reasoning_depth.png")


def make(out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_lr_schedule(out_dir), *_induction(out_dir), _reasoning(out_dir)]


if __name__ == "__main__":
    import matplotlib

    matplotlib.use("Agg")
    for p in make(ROOT / "slides" / "figures" / "out"):
        print(p)
