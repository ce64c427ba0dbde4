"""Supervised fine-tuning on CPU: trl's SFTTrainer vs a plain PyTorch loop, and the mask on held-out prompts.

    python bench/t4_finetuning.py

1. trl vs a plain loop. The reference ``run_sft`` (trl ``SFTTrainer``) fine-tunes the topic-3
   base model; every batch that reaches the model is recorded, then a fresh copy of the base
   model is trained on exactly those batches by a plain PyTorch loop with the same optimizer
   (AdamW, linear decay, clipping at 1.0). The table gives steps per second and the final loss.
2. Before / after. The base model, the model after full SFT and after LoRA SFT (every linear
   layer, r = 16) answer the 60 held-out prompts greedily (at most 64 new tokens). The table
   gives how many replies stop with ``<|im_end|>``, open in the house style and stop, follow the
   whole house style, and are word for word the data set's answer.

Everything runs on one thread (torch.set_num_threads(1)): tiny models are as fast on one
thread, and much faster on a busy machine. Times are machine-dependent; the ratio travels.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.core import target  # noqa: E402  (importing grader sets the offline env)

SPEED_STEPS, SPEED_LR = 40, 2e-3
DEMO_STEPS, DEMO_LR = 120, 2e-3
LORA = {
    "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "r": 16,
    "alpha": 32,
}
LORA_LR = 5e-3


def trl_vs_loop() -> dict:
    """Steps per second of run_sft (trl) and of a plain loop over the same batches."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    sft = target.oracle("t4_finetuning.sft")
    train = sft.load_conversations("train")

    model, tokenizer = sft.load_base_model()
    batches, times = [], []

    def record(module, args, kwargs):
        if module.training:
            batches.append(
                {k: kwargs[k].clone() for k in ("input_ids", "attention_mask", "labels")}
            )
            times.append(time.perf_counter())

    hook = model.register_forward_pre_hook(record, with_kwargs=True)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        sft.run_sft(model, tokenizer, train, tmp, SPEED_STEPS, SPEED_LR)
        trl_total = time.perf_counter() - start
    hook.remove()
    # steady state: from the first to the last forward pass (setup and dataset preparation excluded)
    trl_steps_s = (len(times) - 1) / (times[-1] - times[0])

    model, _ = sft.load_base_model()
    model.train()
    opt = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=SPEED_LR, weight_decay=0.0
    )
    sched = get_linear_schedule_with_warmup(opt, 0, SPEED_STEPS)
    losses, stamps = [], []
    start = time.perf_counter()
    for batch in batches:
        stamps.append(time.perf_counter())
        loss = model(**batch).loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
    loop_total = time.perf_counter() - start
    loop_steps_s = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    tokens = sum(int(b["attention_mask"].sum()) for b in batches)
    return {
        "trl_steps_s": trl_steps_s,
        "loop_steps_s": loop_steps_s,
        "trl_total": trl_total,
        "loop_total": loop_total,
        "ratio": loop_steps_s / trl_steps_s,
        "tokens_per_step": tokens / len(batches),
        "loop_final": sum(losses[-5:]) / 5,
    }


def before_after() -> dict:
    """Rates on the held-out prompts: the base model, full SFT, LoRA SFT."""
    sft = target.oracle("t4_finetuning.sft")
    lora = target.oracle("t4_finetuning.lora")
    train = sft.load_conversations("train")
    held = list(sft.load_conversations("heldout")["messages"])
    out = {}
    model, tokenizer = sft.load_base_model()
    n_params = sum(p.numel() for p in model.parameters())
    base_replies = sft.generate_replies(model, tokenizer, held, max_new_tokens=64)
    out["base"] = {
        "rates": sft.reply_rates(base_replies),
        "replies": base_replies,
        "trainable": n_params,
        "seconds": 0.0,
    }
    for name, kwargs in (
        ("full", {"learning_rate": DEMO_LR}),
        ("lora", {"learning_rate": LORA_LR, "lora": LORA}),
    ):
        model, tokenizer = sft.load_base_model()
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            sft.run_sft(model, tokenizer, train, tmp, DEMO_STEPS, **kwargs)
            seconds = time.perf_counter() - start
        replies = sft.generate_replies(model, tokenizer, held, max_new_tokens=64)
        trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
        out[name] = {
            "rates": sft.reply_rates(replies),
            "replies": replies,
            "trainable": trainable,
            "seconds": seconds,
        }
    out["n_params"] = n_params
    out["lora_layers"] = sum(isinstance(m, lora.LoRALinear) for m in model.modules())
    return out


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # trl's per-step log lines
            speed = trl_vs_loop()
            demo = before_after()
    finally:
        torch.set_num_threads(threads)
    lines = [
        "## t4: supervised fine-tuning, trl `SFTTrainer` vs a plain loop; before and after the mask",
        "",
        (
            f"The 1.1M-parameter topic-3 base model, {SPEED_STEPS} full fine-tuning steps of 8 "
            f"conversations (≈{speed['tokens_per_step']:.0f} tokens per step, assistant-only labels), "
            "one thread. The plain loop replays exactly the batches trl produced "
            "(AdamW, linear decay, clipping at 1.0). Steps per second between the first and the last "
            "step (setup excluded), total wall time with setup:"
        ),
        "",
        "| trainer | steps/s | total seconds | ratio |",
        "|---|---:|---:|---:|",
        (
            f"| trl `SFTTrainer` (reference `run_sft`) | {speed['trl_steps_s']:.2f} | "
            f"{speed['trl_total']:.1f} | 1.0× |"
        ),
        (
            f"| plain PyTorch loop | {speed['loop_steps_s']:.2f} | {speed['loop_total']:.1f} | "
            f"{speed['ratio']:.2f}× |"
        ),
        "",
        (
            f"Before and after SFT on the 60 held-out prompts (greedy, at most 64 new tokens). Full SFT: "
            f"{DEMO_STEPS} steps at lr {DEMO_LR}; LoRA: the same steps at lr {LORA_LR}, r = {LORA['r']}, "
            f"alpha = {LORA['alpha']} on all {demo['lora_layers']} linear layers:"
        ),
        "",
        (
            "| model | trainable parameters | SFT seconds | stops | opens in style and stops | "
            "whole house style | exact answer |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label in (("base", "base (topic 3)"), ("full", "full SFT"), ("lora", "LoRA SFT")):
        d = demo[name]
        r = d["rates"]
        seconds = f"{d['seconds']:.1f}" if name != "base" else "—"
        trainable = (
            f"{d['trainable']:,} ({d['trainable'] / demo['n_params']:.1%})"
            if name != "base"
            else "—"
        )
        lines.append(
            f"| {label} | {trainable} | {seconds} | {r['stop']:.0%} | {r['format']:.0%} | "
            f"{r['style']:.0%} | {r['exact']:.0%} |"
        )
    lines += ["", "The first three held-out prompts:", ""]
    held = list(target.oracle("t4_finetuning.sft").load_conversations("heldout")["messages"])
    for i in range(3):
        lines.append(f"- **user:** {held[i][-2]['content']}")
        for name in ("base", "full", "lora"):
            reply = demo[name]["replies"][i]
            text = reply["reply"].replace("\n", " ⏎ ")[:140]
            lines.append(f"  - *{name}*: {text}{' ⟨im_end⟩' if reply['stopped'] else ' …'}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
