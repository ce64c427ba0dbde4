"""Figures for slides/t4_finetuning.md, drawn from the reference solutions.

- t4_label_mask.png: the tokens of a real two-exchange training conversation, coloured by
  whether they carry a label (tokenize_for_sft): the mask SFT puts over the sequence;
- t4_lora_budget.png: trainable parameters of full fine-tuning vs LoRA for the topic-3 base
  model (counted with apply_lora) and for a 7B Llama-shaped model (the same formula);
- t4_before_after.png: stop and house-style rates on the 60 held-out prompts, base model vs
  the model after the checks' short SFT run (48 steps, full fine-tuning).

About 30 s on one CPU thread (one short SFT run and two rounds of greedy generation).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from grader.core import target  # noqa: E402
from grader.core.plots import save_figure  # noqa: E402


def _label_mask(out: Path) -> Path:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    sft = target.oracle("t4_finetuning.sft")
    chat = target.oracle("t4_finetuning.chat")
    _, tokenizer = sft.load_base_model()
    rows = sft.load_conversations("train")
    messages = next(m for m in rows["messages"] if len(m) == 5 and m[0]["role"] == "system")
    enc = chat.tokenize_for_sft(messages, tokenizer, 512)
    tokens = [tokenizer.decode([t]) for t in enc["input_ids"]]

    fig, ax = plt.subplots(figsize=(12, 6.2))
    x, y, line_h, width = 0.0, 0.0, 1.0, 60.0
    for text, label in zip(tokens, enc["labels"]):
        shown = text.replace("\n", "⏎")
        w = 0.55 * max(len(shown), 1) + 0.25
        if x + w > width:
            x, y = 0.0, y - line_h
        colour = "#f4a259" if label != -100 else "#d9d9d9"
        ax.add_patch(Rectangle((x, y), w - 0.1, 0.8, color=colour, ec="white"))
        ax.text(
            x + (w - 0.1) / 2,
            y + 0.4,
            shown,
            ha="center",
            va="center",
            fontsize=7,
            family="monospace",
        )
        x += w
        if text == "\n":
            x, y = 0.0, y - line_h
    ax.set_xlim(-0.5, width + 0.5)
    ax.set_ylim(y - 0.5, 1.2)
    ax.axis("off")
    n_lab = sum(lab != -100 for lab in enc["labels"])
    ax.set_title(
        f"tokenize_for_sft on a training conversation: {n_lab} of {len(tokens)} tokens carry "
        "a label (orange), the rest are -100 (grey)",
        fontsize=11,
    )
    return save_figure(fig, out / "t4_label_mask.png")


def _lora_budget(out: Path) -> Path:
    import matplotlib.pyplot as plt

    sft = target.oracle("t4_finetuning.sft")
    lora = target.oracle("t4_finetuning.lora")
    qv, every = (
        ["q_proj", "v_proj"],
        ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    )
    ranks = [1, 2, 4, 8, 16, 32, 64]
    tiny = {}
    for name, targets in (("q, v", qv), ("all linear", every)):
        counts = []
        for r in ranks:
            model, _ = sft.load_base_model()
            counts.append(lora.apply_lora(model, targets, r, 2 * r))
        tiny[name] = counts
    tiny_full = sum(p.numel() for p in sft.load_base_model()[0].parameters())

    # Llama-2 7B shapes: 32 layers, d = 4096, MLP 11008, vocabulary 32000, untied head
    d, f, layers, vocab = 4096, 11008, 32, 32000
    big_full = layers * (4 * d * d + 3 * d * f + 2 * d) + 2 * vocab * d + d
    big = {
        "q, v": [layers * 2 * r * (d + d) for r in ranks],
        "all linear": [layers * r * (4 * 2 * d + 3 * (d + f)) for r in ranks],
    }

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for ax, counts, full, title in (
        (axes[0], tiny, tiny_full, "topic-3 base model (1.1M)"),
        (axes[1], big, big_full, "a 7B Llama (Llama-2 shapes)"),
    ):
        for name, style in (("q, v", "o-"), ("all linear", "s-")):
            ax.plot(ranks, counts[name], style, lw=2, label=f"LoRA on {name}")
        ax.axhline(full, color="black", ls="--", lw=1.5, label="full fine-tuning")
        ax.set(
            xscale="log", yscale="log", xlabel="rank r", ylabel="trainable parameters", title=title
        )
        ax.set_xticks(ranks, [str(r) for r in ranks])
        r8 = counts["q, v"][ranks.index(8)]
        ax.annotate(
            f"r=8 on q, v: {r8 / full:.2%}",
            (8, r8),
            textcoords="offset points",
            xytext=(10, -12),
            ha="left",
            fontsize=9,
        )
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(0.0, 0.66))
    return save_figure(fig, out / "t4_lora_budget.png")


def _before_after(out: Path) -> Path:
    import matplotlib.pyplot as plt

    sft = target.oracle("t4_finetuning.sft")
    held = list(sft.load_conversations("heldout")["messages"])
    model, tokenizer = sft.load_base_model()
    before = sft.reply_rates(sft.generate_replies(model, tokenizer, held, max_new_tokens=64))
    with tempfile.TemporaryDirectory() as tmp:
        sft.run_sft(
            model, tokenizer, sft.load_conversations("train"), tmp, 48, 2e-3, max_length=128
        )
    after = sft.reply_rates(sft.generate_replies(model, tokenizer, held, max_new_tokens=64))

    keys = [
        ("stop", "stops with <|im_end|>"),
        ("format", "opens 'Happy to help!'\nand stops"),
        ("style", "whole house style"),
        ("exact", "exact answer"),
    ]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    xs = range(len(keys))
    ax.bar(
        [x - 0.2 for x in xs],
        [100 * before[k] for k, _ in keys],
        0.4,
        label="base model",
        color="#9e9e9e",
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [100 * after[k] for k, _ in keys],
        0.4,
        label="after 48 SFT steps",
        color="#f4a259",
    )
    for x, (k, _) in zip(xs, keys):
        ax.text(x + 0.2, 100 * after[k] + 2, f"{after[k]:.0%}", ha="center", fontsize=9)
        ax.text(x - 0.2, 100 * before[k] + 2, f"{before[k]:.0%}", ha="center", fontsize=9)
    ax.set_xticks(list(xs), [label for _, label in keys])
    ax.set(
        ylabel="% of 60 held-out prompts",
        ylim=(0, 112),
        title="Greedy replies to held-out prompts, before and after the mask",
    )
    ax.legend(loc="center right", fontsize=9)
    return save_figure(fig, out / "t4_before_after.png")


def make(out_dir: Path) -> list[Path]:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return [_label_mask(out_dir), _lora_budget(out_dir), _before_after(out_dir)]
    finally:
        torch.set_num_threads(threads)
