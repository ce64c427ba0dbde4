"""Visible tests for emergence.py: repeated sequences, in-context gain, induction scores.

Run them with ``pytest exercises/t3_pretraining`` (or ``llm-grader check 3``).
"""

import pytest
import torch
from torch import nn

from grader.core import feedback, target

emergence = target.module("t3_pretraining.emergence")


class CopyModel(nn.Module):
    """A cheating model: predicts token t+1 from the sequence it is given (perfect on copies)."""

    def __init__(self, vocab_size, seq_len):
        super().__init__()
        self.vocab_size, self.seq_len = vocab_size, seq_len

    def forward(self, ids):
        logits = torch.zeros(*ids.shape, self.vocab_size)
        t = torch.arange(self.seq_len, ids.shape[1] - 1)  # positions in the second copy
        logits[:, t] = 10.0 * nn.functional.one_hot(ids[:, t - self.seq_len + 1], self.vocab_size).float()
        return logits


@pytest.mark.points(1)
def test_repeated_tokens_is_a_sequence_and_its_copy():
    """repeated_tokens returns (batch, 2*seq_len) ids whose second half repeats the first"""
    tokens = emergence.repeated_tokens(3, 10, 50, generator=torch.Generator().manual_seed(0))
    feedback.expect(
        isinstance(tokens, torch.Tensor) and tuple(tokens.shape) == (3, 20),
        "repeated_tokens(3, 10, 50) must have shape (3, 20)", expected=(3, 20),
        got=tuple(getattr(tokens, "shape", ())),
        hint="torch.cat([first, first], dim=1) with first of shape (batch, seq_len)",
    )
    feedback.expect_equal(tokens[:, 10:].tolist(), tokens[:, :10].tolist(),
                          "the second half must equal the first half")
    feedback.expect(bool(((tokens >= 0) & (tokens < 50)).all()), "ids must lie in 0..49",
                    expected="ids in 0..49", got=tokens)


@pytest.mark.points(1)
def test_in_context_gain_of_a_copying_model():
    """in_context_gain is ~0 for a model that ignores context and large for a copying model"""
    tokens = emergence.repeated_tokens(8, 16, 32, generator=torch.Generator().manual_seed(1))
    blind = nn.Module()
    blind.forward = lambda ids: torch.zeros(*ids.shape, 32)
    got = emergence.in_context_gain(blind, tokens)
    feedback.expect(isinstance(got, float), "in_context_gain must return a Python float",
                    expected="float", got=type(got), hint="return (first - second).item()")
    feedback.expect_close(got, 0.0, "gain of a model that predicts uniformly everywhere",
                          atol=1e-5, hint="first-copy mean loss minus second-copy mean loss")
    got = emergence.in_context_gain(CopyModel(32, 16), tokens)
    # first copy: uniform guesses (ln 32); second copy: 10-logit one-hot on the right token
    import math
    perfect = math.log(31 * math.exp(0) + math.exp(10)) - 10
    feedback.expect_close(
        got, math.log(32) - perfect,
        "gain of a model that copies perfectly in the second half",
        hint="average the losses of tokens 1..seq_len-1 and of tokens seq_len+1..2*seq_len-1 "
             "(skip token seq_len, which cannot be copied), then subtract", atol=1e-4,
    )


@pytest.mark.points(1)
def test_induction_score_of_a_perfect_induction_head():
    """induction_scores gives 1 for a head that attends exactly to t - seq_len + 1"""
    seq_len, T = 6, 12
    perfect = torch.zeros(T, T)
    uniform = torch.tril(torch.ones(T, T))
    uniform = uniform / uniform.sum(-1, keepdim=True)
    for t in range(T):
        perfect[t, t - seq_len + 1 if t >= seq_len else 0] = 1.0
    layer = torch.stack([perfect, uniform])[None].expand(2, -1, -1, -1)  # (batch 2, heads 2, T, T)
    scores = emergence.induction_scores([layer], seq_len)
    feedback.expect(
        isinstance(scores, torch.Tensor) and tuple(scores.shape) == (1, 2),
        "induction_scores of one layer with two heads must have shape (1, 2)",
        expected=(1, 2), got=tuple(getattr(scores, "shape", ())),
    )
    expected_uniform = sum(1 / (t + 1) for t in range(seq_len, T)) / seq_len
    feedback.expect_close(
        scores, torch.tensor([[1.0, expected_uniform]]),
        "scores of a perfect induction head and of a uniform head",
        hint="for queries t = seq_len .. 2*seq_len-1 take attentions[layer][:, :, t, t - seq_len + 1] "
             "and average over queries and batch", atol=1e-5,
    )
