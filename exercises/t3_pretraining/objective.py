"""The pretraining objective: next-token cross-entropy, perplexity and bits per byte.

A causal language model returns logits of shape ``(batch, seq, vocab)``: at position ``t``, a
score for every possible token at position ``t + 1``. The loss compares position ``t``'s
logits with the token that actually comes next, so logits and labels are one position apart.
"""

from __future__ import annotations

import math

import torch.nn.functional as F
from torch import Tensor


def next_token_loss(logits: Tensor, input_ids: Tensor, ignore_index: int = -100) -> Tensor:
    """Mean cross-entropy of predicting each next token; equals transformers' loss.

    ``logits`` (batch, seq, vocab) come from running the model on ``input_ids`` (batch, seq).
    Shift inside: the logits at positions ``0 .. seq-2`` predict the tokens at ``1 .. seq-1``
    (the last position has nothing to predict). Labels equal to ``ignore_index`` (padding)
    take no part: the mean is over the remaining predictions of the whole batch, not a mean
    of per-sequence means. Compute it in float32 even if the logits are half precision.

    The result equals ``model(input_ids, labels=input_ids).loss`` of a transformers causal
    LM (with padding written as -100 in the labels). Returns a 0-d tensor that can be
    back-propagated.
    """
    # YOUR CODE HERE
    raise NotImplementedError("next_token_loss — task 2 in exercises/t3_pretraining/README.md")


def perplexity(mean_loss: float) -> float:
    """Perplexity of a mean next-token loss given in nats: ``e ** mean_loss``.

    A model with perplexity ``k`` is as unsure as a uniform choice among ``k`` tokens: a
    uniform guess over a vocabulary of 65 has loss ``ln 65`` and perplexity 65.
    """
    # YOUR CODE HERE
    raise NotImplementedError("perplexity — task 3 in exercises/t3_pretraining/README.md")


def bits_per_byte(total_nats: float, n_bytes: int) -> float:
    """The summed loss over a text, in nats, as bits per UTF-8 byte of that text.

    Convert nats to bits (divide by ``ln 2``), then divide by the number of bytes. Unlike the
    loss per token, this does not depend on the tokenizer, so character-level and BPE models
    can be compared: ``total_nats`` is the mean loss per token times the number of tokens.
    """
    # YOUR CODE HERE
    raise NotImplementedError("bits_per_byte — task 3 in exercises/t3_pretraining/README.md")
