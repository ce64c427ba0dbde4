"""BPE training speed: the reference `train_bpe` (pure Python) vs the `tokenizers` library (Rust).

    python bench/t1_bpe.py

Both train a byte-level BPE with the GPT-2 pre-tokenizer on the first 1,000,000 characters of
the Shakespeare corpus to a vocabulary of 1024, in the same run; the ratio is reference time
over `tokenizers` time, so it travels between machines. Importing `grader` sets
TOKENIZERS_PARALLELISM=false (unless already set), so `tokenizers` runs on one thread like the
pure-Python reference; set TOKENIZERS_PARALLELISM=true to let it use every core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.core import corpus, target  # noqa: E402  (importing grader sets the offline env)

CHARS = 1_000_000
VOCAB_SIZE = 1024


def _train_tokenizers(text: str, vocab_size: int):
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator([text], trainer=trainer)
    return tok


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run() -> dict:
    """Train both on the same text; return seconds for each and their ratio."""
    text = corpus.shakespeare()[:CHARS]
    reference = target.oracle("t1_tokens.bpe")
    reference.train_bpe("warm up the import and the regex", 260)
    _train_tokenizers("warm up the import", 260)

    reference_s, (vocab, merges) = _timed(lambda: reference.train_bpe(text, VOCAB_SIZE))
    tokenizers_s, tok = _timed(lambda: _train_tokenizers(text, VOCAB_SIZE))
    if len(vocab) != VOCAB_SIZE or tok.get_vocab_size() != VOCAB_SIZE:
        raise RuntimeError(
            f"vocabulary sizes {len(vocab)} / {tok.get_vocab_size()} instead of {VOCAB_SIZE}"
        )
    return {
        "reference_s": reference_s,
        "tokenizers_s": tokenizers_s,
        "ratio": reference_s / tokenizers_s,
    }


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    r = run()
    return "\n".join(
        [
            "## t1: BPE training, reference (pure Python) vs the `tokenizers` library (Rust)",
            "",
            f"First {CHARS:,} characters of the Shakespeare corpus → vocabulary {VOCAB_SIZE}, GPT-2 "
            "pre-tokenizer, both in the same run (`tokenizers` on one thread).",
            "",
            "| trainer | seconds | ratio |",
            "|---|---:|---:|",
            f"| reference `train_bpe` | {r['reference_s']:.2f} | {r['ratio']:.1f}× |",
            f"| `tokenizers` BpeTrainer | {r['tokenizers_s']:.2f} | 1.0× |",
        ]
    )


if __name__ == "__main__":
    print(markdown())
