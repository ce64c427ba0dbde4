"""Pretraining on CPU: the reference loop vs transformers' Trainer, and the capstone's curve.

    python bench/t3_pretraining.py

1. Loop vs Trainer. The same GPT-2 (nanoGPT's CPU shape: 4 layers, 4 heads, 128 wide, no
   dropout; character level) trained on the same windows of the Shakespeare training split
   with the same recipe (AdamW 0.9/0.95, weight decay 0.1, warmup + cosine, clipping at 1.0),
   once with the reference `train` and once with `transformers.Trainer`. The table gives the
   wall time each needs to reach the same training loss and their ratio.
2. The capstone. `t3_pretraining.capstone.pretrain` (character level, and 1024 BPE tokens):
   validation loss and bits per byte against training wall time, next to nanoGPT's published
   recipe measured on this corpus (shared/FACTS.md).

Both run on one thread (torch.set_num_threads(1)): on a 2-core machine shared with other jobs,
two threads per process slow these tiny models down badly. Times are machine-dependent; the
ratio in part 1 travels between machines.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.core import target  # noqa: E402  (importing grader sets the offline env)

STEPS = 200
BATCH, BLOCK, LR, WARMUP = 32, 64, 2e-3, 30
CAPSTONE_STEPS = 1000
SMOOTH = 20


def _smoothed(values, k=SMOOTH):
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= k:
            total -= values[i - k]
        out.append(total / min(i + 1, k))
    return out


def _time_to(times, losses, level):
    for t, loss in zip(times, _smoothed(losses)):
        if loss <= level:
            return t
    return float("nan")


def loop_vs_trainer() -> dict:
    import torch
    from transformers import Trainer, TrainerCallback, TrainingArguments

    data = target.oracle("t3_pretraining.data")
    train_mod = target.oracle("t3_pretraining.train")
    capstone = target.oracle("t3_pretraining.capstone")

    train_text, _ = data.load_splits()
    tok = data.CharTokenizer(data.load_corpus())
    ids = torch.tensor(tok.encode(train_text))
    gen = torch.Generator().manual_seed(0)
    batches = [data.get_batch(ids, BATCH, BLOCK, generator=gen) for _ in range(STEPS)]

    # --- reference loop
    model = capstone.build_model(tok.vocab_size, BLOCK + 1)
    times, start = [], time.perf_counter()
    losses = train_mod.train(
        model,
        iter(batches),
        STEPS,
        LR,
        warmup_steps=WARMUP,
        weight_decay=0.1,
        clip_norm=1.0,
        on_step=lambda _step, _loss: times.append(time.perf_counter() - start),
    )
    loop = {"times": times, "losses": losses}

    # --- transformers Trainer on the same windows (x plus the last target: 65 tokens, the
    # model shifts the labels itself, so it scores the same 64 predictions per row)
    rows = [torch.cat([x, y[:, -1:]], dim=1) for x, y in batches]
    dataset = [{"input_ids": r, "labels": r} for batch in rows for r in batch]

    class Clock(TrainerCallback):
        def __init__(self):
            self.times, self.losses, self.start = [], [], None

        def on_train_begin(self, args, state, control, **kw):
            self.start = time.perf_counter()

        def on_log(self, args, state, control, logs=None, **kw):
            if logs and "loss" in logs:
                self.times.append(time.perf_counter() - self.start)
                self.losses.append(logs["loss"])

    model = capstone.build_model(tok.vocab_size, BLOCK + 1)
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        args = TrainingArguments(
            output_dir=tmp,
            max_steps=STEPS,
            per_device_train_batch_size=BATCH,
            learning_rate=LR,
            lr_scheduler_type="cosine",
            warmup_steps=WARMUP,
            weight_decay=0.1,
            adam_beta1=0.9,
            adam_beta2=0.95,
            max_grad_norm=1.0,
            use_cpu=True,
            report_to="none",
            logging_steps=1,
            save_strategy="no",
            disable_tqdm=True,
            dataloader_pin_memory=False,
            seed=0,
            bf16=False,
        )
        from transformers.trainer_callback import PrinterCallback

        trainer = Trainer(model=model, args=args, train_dataset=dataset, callbacks=[clock])
        trainer.remove_callback(PrinterCallback)  # no per-step log lines on stdout
        trainer.train()
    trainer = {"times": clock.times, "losses": clock.losses}

    level = max(_smoothed(loop["losses"])[-1], _smoothed(trainer["losses"])[-1]) + 0.02
    loop_s = _time_to(loop["times"], loop["losses"], level)
    trainer_s = _time_to(trainer["times"], trainer["losses"], level)
    return {
        "level": level,
        "loop_s": loop_s,
        "trainer_s": trainer_s,
        "loop_total": loop["times"][-1],
        "trainer_total": trainer["times"][-1],
        "loop_final": _smoothed(loop["losses"])[-1],
        "trainer_final": _smoothed(trainer["losses"])[-1],
        "ratio": trainer_s / loop_s,
    }


def capstone_curves(steps: int = CAPSTONE_STEPS) -> dict:
    capstone = target.oracle("t3_pretraining.capstone")
    out = {}
    for tokenizer in ("char", "bpe"):
        kwargs = dict(tokenizer=tokenizer, max_lr=2e-3, batch_size=12, block_size=64)
        out[tokenizer] = capstone.pretrain(steps, eval_every=250, verbose=False, **kwargs)["log"]
    out["nanogpt"] = capstone.NANOGPT_REFERENCE
    return out


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    import math

    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        r = loop_vs_trainer()
        curves = capstone_curves()
    finally:
        torch.set_num_threads(threads)
    lines = [
        "## t3: pretraining, reference loop vs `transformers.Trainer`; the capstone's curve",
        "",
        f"Same 0.8M-parameter GPT-2, same {STEPS} batches of {BATCH}×{BLOCK} Shakespeare characters, "
        "same recipe (AdamW, warmup + cosine, clipping), one thread. Time to reach the same "
        f"smoothed training loss ({r['level']:.3f} nats):",
        "",
        "| loop | seconds to the loss | total seconds | final loss | ratio |",
        "|---|---:|---:|---:|---:|",
        f"| reference `train` | {r['loop_s']:.1f} | {r['loop_total']:.1f} | {r['loop_final']:.3f} | 1.0× |",
        f"| `transformers.Trainer` | {r['trainer_s']:.1f} | {r['trainer_total']:.1f} | "
        f"{r['trainer_final']:.3f} | {r['ratio']:.2f}× |",
        "",
        "Capstone (`python -m t3_pretraining.capstone`): GPT-2 4×128, batch 12×64, max lr 2e-3, "
        f"{CAPSTONE_STEPS} steps; validation on the first 200 windows of the held-out 10%. "
        "nanoGPT's CPU recipe on the same split for comparison (shared/FACTS.md):",
        "",
        "| step | char: seconds | char: val nats/char | char: bits/byte | BPE-1024: seconds | BPE: val nats/token | BPE: bits/byte |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c, b in zip(curves["char"], curves["bpe"]):
        lines.append(
            f"| {c['step']} | {c['seconds']:.1f} | {c['val_loss']:.3f} | "
            f"{c['val_bits_per_byte']:.3f} | {b['seconds']:.1f} | {b['val_loss']:.3f} | "
            f"{b['val_bits_per_byte']:.3f} |"
        )
    lines += [
        "",
        "| nanoGPT iterations | seconds | val nats/char | bits/byte |",
        "|---:|---:|---:|---:|",
    ]
    for it, sec, loss in curves["nanogpt"]:
        lines.append(f"| {it} | {sec} | {loss} | {loss / math.log(2):.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
