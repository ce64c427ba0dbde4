"""The capstone: put the mask on the Shakespeare model and measure it, before and after.

    python -m t4_finetuning.capstone              (run from exercises/ or solutions/; a few minutes)
    python -m t4_finetuning.capstone --lora       (LoRA on every linear layer instead)

Given code that puts your pieces together on the full base model of topic 3: your
``render_chat`` and ``tokenize_for_sft`` prepare the 270 training conversations, your
``run_sft`` (trl ``SFTTrainer``, with your ``apply_lora`` when ``--lora``) fine-tunes, and the
60 held-out prompts are answered greedily before and after. It reports the held-out assistant
loss and the reply rates (stops, opens in style, the whole house style, the exact answer) and
shows one reply before and after.

A progress bar shows the steps, the loss, tokens/s and the time left (trl's own log lines are
not printed); the log is saved as ``runs/t4_finetuning.csv`` and ``.json`` and the picture
(the training loss, and the rates before and after) as ``runs/t4_finetuning.png`` (``--out``).
It trains on the CPU by default; ``--device auto`` uses a GPU when there is one.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import torch
from rich.console import Console

import grader  # noqa: F401  (sets the offline environment before transformers loads)
from grader.core.training_log import TrainingLog, pick_device, trainer_progress

from .chat import tokenize_for_sft
from .sft import generate_replies, load_base_model, load_conversations, reply_rates, run_sft

# LoRA on every linear layer of the Llama blocks (bench/t4_finetuning.py: r = 16, lr 5e-3)
LORA = {"target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                           "down_proj"], "r": 16, "alpha": 32}
LORA_LR = 5e-3
RATES = {"stops": "stop", "opens in style": "format", "house style": "style", "exact": "exact"}


@torch.no_grad()
def heldout_loss(model, tokenizer, conversations, max_length: int = 192) -> float:
    """Given: the mean assistant-token loss (nats) on ``conversations``, labelled by your
    ``tokenize_for_sft``."""
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    for messages in conversations:
        row = tokenize_for_sft(messages, tokenizer, max_length)
        labels = torch.tensor([row["labels"]], device=model.device)
        n = int((labels[:, 1:] != -100).sum())
        if n:
            ids = torch.tensor([row["input_ids"]], device=model.device)
            total += model(input_ids=ids, labels=labels).loss.item() * n
            count += n
    model.train(was_training)
    return total / max(count, 1)


def _measure(model, tokenizer, heldout, max_new_tokens) -> tuple[dict, list[dict]]:
    replies = generate_replies(model, tokenizer, heldout, max_new_tokens=max_new_tokens)
    rates = reply_rates(replies)
    return {"heldout_loss": heldout_loss(model, tokenizer, heldout),
            **{k: rates[k] for k in RATES.values()}}, replies


def _line(when: str, step: int, m: dict, n: int) -> str:
    rates = ", ".join(f"{name} {m[key]:.0%}" for name, key in RATES.items())
    return f"{when:6s} step {step:4d}  held-out loss {m['heldout_loss']:.3f}  {rates} of {n} replies"


def run(steps: int = 120, learning_rate: float = 2e-3, lora: bool = False,
        max_new_tokens: int = 64, seed: int = 0, device: str = "cpu",
        out_dir: str | None = None, verbose: bool = True, model=None, tokenizer=None) -> dict:
    """Fine-tune the base model (or ``model``/``tokenizer``) and measure it before and after.

    Returns ``{"before", "after", "examples", "seconds", "log", "display"}``; ``before`` and
    ``after`` hold ``heldout_loss`` and the reply rates (``stop``, ``format``, ``style``,
    ``exact``), ``log`` every entry of the run (training steps and the two measurements).
    """
    dev = pick_device(device)
    torch.manual_seed(seed)
    if model is None:
        model, tokenizer = load_base_model()
    model.to(dev)
    train_set = load_conversations("train")
    heldout = list(load_conversations("heldout")["messages"])
    display = TrainingLog(steps, out_dir, "t4_finetuning",
                          console=Console(quiet=not verbose, soft_wrap=True))
    before, replies_before = _measure(model, tokenizer, heldout, max_new_tokens)
    display.record({"step": 0, "when": "before", **before},
                   _line("before", 0, before, len(heldout)))
    start = time.perf_counter()
    with display, trainer_progress(display, dev):
        model = run_sft(model, tokenizer, train_set, tempfile.mkdtemp(), steps, learning_rate,
                        lora=LORA if lora else None, seed=seed)
        seconds = time.perf_counter() - start
        after, replies_after = _measure(model, tokenizer, heldout, max_new_tokens)
        display.record({"step": steps, "when": "after", **after},
                       _line("after", steps, after, len(heldout)))
    examples = [{"question": conv[-2]["content"], "before": b["reply"], "after": a["reply"]}
                for conv, b, a in zip(heldout[:3], replies_before, replies_after)]
    return {"before": before, "after": after, "examples": examples, "seconds": seconds,
            "log": display.entries, "display": display}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="fine-tune the topic-3 model into a support desk "
                                     "with your run_sft and measure it before and after",
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--steps", type=int, default=120, help="optimizer steps of SFT")
    parser.add_argument("--lr", type=float, default=None,
                        help="learning rate (default: 2e-3, with --lora 5e-3)")
    parser.add_argument("--lora", action="store_true",
                        help="train LoRA adapters (r=16 on every linear layer) with your "
                             "apply_lora instead of every weight")
    parser.add_argument("--max-new-tokens", type=int, default=64,
                        help="longest reply generated for each held-out prompt")
    parser.add_argument("--seed", type=int, default=0, help="training seed")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="cpu",
                        help="where to train (auto: a GPU when there is one)")
    parser.add_argument("--out", default="runs", help="folder for the log (CSV, JSON) and PNG")
    args = parser.parse_args(argv)
    lr = args.lr if args.lr is not None else (LORA_LR if args.lora else 2e-3)
    out = run(args.steps, lr, args.lora, args.max_new_tokens, args.seed, args.device,
              args.out)
    before, after = out["before"], out["after"]
    png = out["display"].plot(
        "step", {"training loss": "loss", "held-out loss": "heldout_loss"},
        "loss (nats per assistant token)",
        before_after=("held-out replies", {name: (before[key], after[key])
                                            for name, key in RATES.items()}))
    print(f"SFT took {out['seconds']:.0f} s; log and picture: {args.out}/t4_finetuning.csv, "
          f".json, {png}")
    for ex in out["examples"]:
        print(f"\n> {ex['question']}\nbefore: {ex['before'][:160]!r}\nafter:  {ex['after']!r}")


if __name__ == "__main__":
    main()
