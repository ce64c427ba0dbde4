"""The capstone: pretrain a small language model on Shakespeare on a laptop CPU.

    python -m t3_pretraining.capstone --steps 2000          (run from exercises/ or solutions/)

Given code that puts your pieces together: ``get_batch`` feeds ``train``, and every
``eval_every`` steps the model is scored on the fixed validation split (the last 10% of the
corpus, never trained on) in nats per token and in ``bits_per_byte``, next to the wall time.
Bits per byte do not depend on the tokenizer, so the character-level model and the BPE model
(``--tokenizer bpe``) can be compared with each other and with nanoGPT's reference curve.
A progress bar shows the steps, the loss, tokens/s and the time left; the log is saved as
``runs/t3_pretraining.csv`` and ``.json`` and the curve as ``runs/t3_pretraining.png``
(``--out``). ``--device auto`` trains on a GPU when there is one.
"""

from __future__ import annotations

import argparse
import math
import time

import torch
from rich.console import Console

from grader.core.training_log import TrainingLog, pick_device

from .data import CharTokenizer, get_batch, load_splits
from .objective import bits_per_byte, perplexity
from .train import evaluate, train

# nanoGPT's CPU recipe, character level, measured on this corpus (shared/FACTS.md):
# (iterations, seconds, validation nats per character)
NANOGPT_REFERENCE = [(250, 7.7, 2.378), (1000, 30.0, 1.951), (2000, 62.6, 1.793)]


class BPETokenizer:
    """Given: a byte-level BPE tokenizer (the `tokenizers` library) trained on ``text``."""

    def __init__(self, text: str, vocab_size: int = 1024):
        from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

        self.tok = Tokenizer(models.BPE())
        self.tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        self.tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(vocab_size=vocab_size, show_progress=False,
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
        self.tok.train_from_iterator([text[i:i + 100_000] for i in range(0, len(text), 100_000)],
                                     trainer=trainer)
        self.vocab_size = self.tok.get_vocab_size()

    def encode(self, text: str) -> list[int]:
        return self.tok.encode(text).ids

    def decode(self, ids) -> str:
        return self.tok.decode([int(i) for i in ids])


def build_model(vocab_size: int, block_size: int, n_layer: int = 4, n_embd: int = 128,
                n_head: int = 4, seed: int = 0):
    """Given: a small GPT-2 (transformers) without dropout, nanoGPT's CPU recipe by default.

    GPT-2's tanh GELU runs as torch's fused kernel (``gelu_pytorch_tanh``, the same function
    as ``gelu_new``, which takes five element-wise operations): a tenth of a training step at
    this size (bench/t3_nanogpt.py).
    """
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    config = GPT2Config(vocab_size=vocab_size, n_positions=block_size, n_embd=n_embd,
                        n_layer=n_layer, n_head=n_head, resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, bos_token_id=None, eos_token_id=None,
                        activation_function="gelu_pytorch_tanh")
    return GPT2LMHeadModel(config)


def pretrain(steps: int = 2000, tokenizer: str = "char", block_size: int = 64,
             batch_size: int = 12, max_lr: float = 2e-3, warmup_steps: int = 100,
             eval_every: int = 250, eval_windows: int = 200, seed: int = 0,
             verbose: bool = True, device: str = "cpu", out_dir: str | None = None) -> dict:
    """Given: train on the training split, evaluate on the validation split as it goes.

    Returns ``{"model", "tokenizer", "log", "display"}``; each log entry has ``step``,
    ``seconds`` (training wall time, evaluation excluded), ``train_loss``, ``val_loss`` (nats
    per token over the first ``eval_windows`` validation windows), ``val_perplexity`` and
    ``val_bits_per_byte``. With ``out_dir`` the log is also written there as CSV and JSON.
    """
    dev = pick_device(device)
    train_text, val_text = load_splits()
    tok = CharTokenizer(train_text + val_text) if tokenizer == "char" else BPETokenizer(train_text)
    train_ids = torch.tensor(tok.encode(train_text))
    val_ids = torch.tensor(tok.encode(val_text))
    val_slice = val_ids[: eval_windows * block_size + 1]
    val_bytes = len(tok.decode(val_slice[1:]).encode("utf-8"))  # the bytes that are predicted
    val_slice = val_slice.to(dev)
    model = build_model(tok.vocab_size, block_size, seed=seed).to(dev)
    gen = torch.Generator().manual_seed(seed)

    def batches():
        while True:
            x, y = get_batch(train_ids, batch_size, block_size, generator=gen)
            yield x.to(dev), y.to(dev)

    display = TrainingLog(steps, out_dir, "t3_pretraining", tokens_per_step=batch_size * block_size,
                          console=Console(quiet=not verbose, soft_wrap=True))
    clock = {"start": time.perf_counter(), "paused": 0.0}

    def record(step: int, loss: float) -> None:
        paused = time.perf_counter()
        val_loss = evaluate(model, val_slice, block_size)
        n_predicted = len(val_slice) - 1
        entry = {
            "step": step, "seconds": paused - clock["start"] - clock["paused"],
            "train_loss": loss, "val_loss": val_loss, "val_perplexity": perplexity(val_loss),
            "val_bits_per_byte": bits_per_byte(val_loss * n_predicted, val_bytes),
        }
        display.record(entry, f"step {step:5d}  {entry['seconds']:7.1f} s  train {loss:.3f}  "
                       f"val {val_loss:.3f} nats/token  {entry['val_bits_per_byte']:.3f} bits/byte")
        display.paused(time.perf_counter() - paused)
        clock["paused"] += time.perf_counter() - paused

    def on_step(step: int, loss: float) -> None:
        display.step(step + 1, loss)
        if (step + 1) % eval_every == 0 or step + 1 == steps:
            record(step + 1, loss)

    with display:
        record(0, math.log(tok.vocab_size))
        train(model, batches(), steps, max_lr, warmup_steps=warmup_steps, weight_decay=0.1,
              on_step=on_step)
    return {"model": model, "tokenizer": tok, "log": display.entries, "display": display}


@torch.no_grad()
def generate(model, idx, max_new_tokens: int, temperature: float = 1.0, top_k: int | None = None,
             generator: torch.Generator | None = None):
    """Given: sample ``max_new_tokens`` tokens after ``idx`` (shape ``(B, T)``), nanoGPT-style.

    The model sees only the last ``block_size`` (``n_positions``) tokens: a prompt or a sample
    longer than the context is cropped, never an error. Returns ``(B, T + max_new_tokens)``.
    """
    block_size = model.config.n_positions
    for _ in range(max_new_tokens):
        context = idx[:, -block_size:]
        logits = model(context).logits[:, -1, :] / temperature
        if top_k is not None:
            kth = torch.topk(logits, min(top_k, logits.size(-1))).values[:, -1:]
            logits = logits.masked_fill(logits < kth, float("-inf"))
        probs = torch.softmax(logits, dim=-1)
        idx = torch.cat([idx, torch.multinomial(probs, 1, generator=generator)], dim=1)
    return idx


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="pretrain a tiny GPT on Shakespeare",
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--steps", type=int, default=2000, help="optimizer steps")
    parser.add_argument("--tokenizer", choices=["char", "bpe"], default="char")
    parser.add_argument("--batch-size", type=int, default=12, help="sequences per step")
    parser.add_argument("--block-size", type=int, default=64, help="context length in tokens")
    parser.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    parser.add_argument("--max-new-tokens", type=int, default=200, help="length of the sample")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="cpu",
                        help="where to train (auto: a GPU when there is one)")
    parser.add_argument("--out", default="runs", help="folder for the log (CSV, JSON) and PNG")
    args = parser.parse_args(argv)
    out = pretrain(args.steps, args.tokenizer, args.block_size, args.batch_size, args.lr,
                   device=args.device, out_dir=args.out)
    model, tok = out["model"], out["tokenizer"]
    png = out["display"].plot(
        "step", {f"yours ({args.tokenizer})": "val_bits_per_byte"}, "validation bits per byte",
        reference=("nanoGPT (char)", [(it, nats / math.log(2)) for it, _, nats in NANOGPT_REFERENCE]))
    print(f"log and loss curve: {args.out}/t3_pretraining.csv, .json, {png}")
    model.eval()
    prompt = torch.tensor([tok.encode("ROMEO:")], device=next(model.parameters()).device)
    sample = generate(model, prompt, max_new_tokens=args.max_new_tokens, top_k=20)
    print(tok.decode(sample[0].cpu()))


if __name__ == "__main__":
    main()
