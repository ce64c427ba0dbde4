"""Figures for slides/t1_tokens.md, drawn with the reference BPE and sampling code.

* t1_compression.png: characters per token on held-out Shakespeare against vocabulary size
  (the reference `train_bpe` on the first 300,000 characters, one run per size).
* t1_real_distribution.png: the topic 3 base model's next-token distribution after a
  Shakespeare prompt, through the reference `softmax` at three temperatures, and how many
  tokens the reference `top_p_filter` (p = 0.9) keeps at each.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from grader.core import corpus, target  # noqa: E402
from grader.core.plots import save_figure  # noqa: E402

bpe = target.oracle("t1_tokens.bpe")
sampling = target.oracle("t1_tokens.sampling")

TRAIN_CHARS, HELD_OUT_CHARS = 300_000, 100_000
SIZES = (256, 320, 512, 768, 1024, 2048)
PROMPT = "To be, or not to be, that is the"
SHOWN = 12


def compression(out_dir: Path) -> Path:
    train, held_out = corpus.split(corpus.shakespeare())
    train, held_out = train[:TRAIN_CHARS], held_out[:HELD_OUT_CHARS]
    ratios = []
    for size in SIZES:
        vocab, merges = bpe.train_bpe(train, size)
        ratios.append(len(held_out) / len(bpe.Tokenizer(vocab, merges).encode(held_out)))
    fig = Figure(figsize=(9, 4.2), dpi=120)
    ax = fig.subplots()
    ax.plot(SIZES, ratios, "o-", color="#1f5f8b")
    for size, ratio in zip(SIZES, ratios):
        ax.annotate(
            f"{ratio:.2f}",
            (size, ratio),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=9,
        )
    ax.set_xscale("log", base=2)
    ax.set_xticks(SIZES, [str(s) for s in SIZES])
    ax.set_xlabel("vocabulary size (256 bytes + merges)")
    ax.set_ylabel("characters per token (held out)")
    ax.set_title("Your BPE on Shakespeare: more merges, fewer tokens per line")
    ax.grid(alpha=0.3)
    return save_figure(fig, out_dir / "t1_compression.png", dpi=None)


def real_distribution(out_dir: Path) -> Path:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = ROOT / "data" / "t3_base_model"
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base).eval()
    with torch.no_grad():
        logits = model(**tok(PROMPT, return_tensors="pt")).logits[0, -1]
    order = logits.argsort(descending=True)[:SHOWN]
    labels = [repr(tok.decode([int(i)]))[1:-1].replace(" ", "␣") for i in order]
    fig = Figure(figsize=(10, 4.4), dpi=120)
    ax = fig.subplots()
    width, nucleus = 0.27, []
    for k, (temp, color) in enumerate([(0.5, "#c0392b"), (1.0, "#1f5f8b"), (2.0, "#7f8c8d")]):
        probs = sampling.softmax(logits, temperature=temp)[order]
        kept = int(torch.isfinite(sampling.top_p_filter(logits / temp, 0.9)).sum())
        nucleus.append(f"{kept} at T = {temp:g}")
        xs = [i + (k - 1) * width for i in range(SHOWN)]
        ax.bar(xs, probs.numpy(), width, color=color, label=f"T = {temp:g}")
    ax.set_xticks(range(SHOWN), labels, rotation=30)
    ax.set_ylabel("probability of the next token")
    ax.set_title(
        f"The topic 3 base model after “{PROMPT}”, top {SHOWN} of {len(logits)} tokens\n"
        f"top-p 0.9 keeps {', '.join(nucleus)}",
        fontsize=10,
    )
    ax.legend()
    return save_figure(fig, out_dir / "t1_real_distribution.png", dpi=None)


def make(out_dir: Path) -> list[Path]:
    return [compression(out_dir), real_distribution(out_dir)]
