"""Next-token data: the Shakespeare corpus, a fixed validation split, and random training windows.

Pretraining needs no labels: the text is its own supervision. Every window of ``block_size``
tokens gives ``block_size`` training examples at once, because the target at each position is
simply the token that comes next.
"""

from __future__ import annotations

import torch
from torch import Tensor


def load_corpus(name: str = "shakespeare") -> str:
    """Given: the text of an installed corpus (``"shakespeare"``: 38 plays, 5,318,730 characters)."""
    from grader.core import corpus

    if name != "shakespeare":
        raise ValueError(f"unknown corpus {name!r}: only 'shakespeare' is installed")
    return corpus.shakespeare()


def load_splits(name: str = "shakespeare") -> tuple[str, str]:
    """Given: (train, validation) text; the last 10% of the corpus is the fixed validation split."""
    from grader.core import corpus

    return corpus.split(load_corpus(name))


class CharTokenizer:
    """Given: a character-level tokenizer, one id per distinct character of ``text`` (sorted).

    ``encode(text) -> list[int]``, ``decode(ids) -> str``, ``vocab_size``. Characters never
    seen in ``text`` cannot be encoded (build it from the whole corpus).
    """

    def __init__(self, text: str):
        self.chars = sorted(set(text))
        self.stoi = {c: i for i, c in enumerate(self.chars)}

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        return [self.stoi[c] for c in text]

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def get_batch(
    ids: Tensor, batch_size: int, block_size: int, generator: torch.Generator | None = None
) -> tuple[Tensor, Tensor]:
    """A random batch of training windows from a 1-d tensor of token ids.

    Draw ``batch_size`` start positions uniformly from every valid start, ``0`` to
    ``len(ids) - block_size - 1`` inclusive (the target window needs one token more), with
    ``torch.randint(..., generator=generator)`` so that a seeded generator gives the same
    batch. ``x[b]`` is ``ids[s : s + block_size]`` and ``y[b]`` is the same window shifted
    left by one, ``ids[s + 1 : s + block_size + 1]``: ``y[b, t]`` is the token that follows
    ``x[b, t]``. Both are LongTensors of shape ``(batch_size, block_size)``.
    """
    ### BEGIN SOLUTION (task 1)
    starts = torch.randint(0, len(ids) - block_size, (batch_size,), generator=generator)
    offsets = torch.arange(block_size)
    x = ids[starts[:, None] + offsets]
    y = ids[starts[:, None] + offsets + 1]
    return x.long(), y.long()
    ### END SOLUTION
