"""Figures for slides/t3_pretraining.md, drawn from the reference solutions.

- t3_lr_schedule.png: warmup + cosine learning-rate schedule (cosine_lr);
- t3_induction_curves.png: in-context gain and best induction score vs training step, for
  attention-only models with 1 and 2 layers (induction_experiment, the checks' settings);
- t3_induction_pattern.png: the attention pattern of the best head of each layer of the
  trained 2-layer model on one repeated sequence: the previous-token stripe in layer 1, the
  induction stripe in layer 2.

About 30 s on one CPU thread (two 300-step trainings of tiny models).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from grader.core import target  # noqa: E402


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
    ax.set(xlabel="step", ylabel="learning rate", ylim=(0, 1.12e-3),
           title="cosine_lr(step, max_lr=1e-3, warmup_steps=100, total_steps=1000, min_lr=1e-4)")
    fig.tight_layout()
    path = out / "t3_lr_schedule.png"
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


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
    ax1.set(xlabel="training step", ylabel="nats", title="in-context gain (loss 1st copy − 2nd copy)")
    ax2.set(xlabel="training step", ylabel="attention to t − L + 1",
            title="best head's induction score", ylim=(0, 1))
    ax1.axhline(0, color="grey", lw=0.5)
    ax1.legend()
    ax2.legend()
    fig.tight_layout()
    curves = out / "t3_induction_curves.png"
    fig.savefig(curves, dpi=150)
    plt.close(fig)

    # the attention pattern of the trained 2-layer model on one sequence
    seq_len = 16
    model = runs[2]["model"]
    tokens = emergence.repeated_tokens(1, seq_len, 128, torch.Generator().manual_seed(11))
    with torch.no_grad():
        attentions = model(tokens, output_attentions=True).attentions
    scores = runs[2]["scores"]
    prev_scores = torch.stack([
        a[0, :, torch.arange(1, 2 * seq_len), torch.arange(0, 2 * seq_len - 1)].mean(-1)
        for a in attentions
    ])
    prev_head = int(prev_scores[0].argmax())
    ind_head = int(scores[1].argmax())
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
    for ax, layer, head, title in (
        (axes[0], 0, prev_head, f"layer 1, head {prev_head}: previous token"),
        (axes[1], 1, ind_head, f"layer 2, head {ind_head}: induction (score {scores[1, ind_head]:.2f})"),
    ):
        ax.imshow(attentions[layer][0, head].numpy(), cmap="viridis", vmin=0, vmax=1)
        ax.axhline(seq_len - 0.5, color="white", lw=0.8, ls=":")
        ax.axvline(seq_len - 0.5, color="white", lw=0.8, ls=":")
        ax.set(title=title, xlabel="key position (attended to)", ylabel="query position")
    fig.suptitle(f"a random sequence of {seq_len} tokens followed by its copy", y=0.98)
    fig.tight_layout()
    pattern = out / "t3_induction_pattern.png"
    fig.savefig(pattern, dpi=150)
    plt.close(fig)
    return [curves, pattern]


def make(out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_lr_schedule(out_dir), *_induction(out_dir)]


if __name__ == "__main__":
    import matplotlib

    matplotlib.use("Agg")
    for p in make(ROOT / "slides" / "figures" / "out"):
        print(p)
