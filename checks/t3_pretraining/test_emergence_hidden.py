"""Hidden checks for emergence.py: exact definitions vs the reference, and the induction experiment."""

import functools

import pytest
import torch
from torch import nn

from grader.core import feedback, target

emergence = target.module("t3_pretraining.emergence")
ref = target.oracle("t3_pretraining.emergence")


def _gen(seed):
    return torch.Generator().manual_seed(seed)


class _PositionalLogits(nn.Module):
    """Logits that depend on the position and the token (so every averaging window differs)."""

    def __init__(self, vocab, max_len, seed, as_output=False):
        super().__init__()
        g = _gen(seed)
        self.by_position = torch.randn(max_len, vocab, generator=g) * 3
        self.by_token = torch.randn(vocab, vocab, generator=g) * 3
        self.as_output = as_output

    def forward(self, ids):
        logits = self.by_position[: ids.shape[1]] + self.by_token[ids]
        if self.as_output:
            from types import SimpleNamespace

            return SimpleNamespace(logits=logits)
        return logits


@pytest.mark.points(1)
def test_repeated_tokens_uses_the_generator_and_the_vocabulary():
    """repeated_tokens is reproducible with a seeded generator and covers the vocabulary"""
    a = emergence.repeated_tokens(64, 32, 10, generator=_gen(4))
    torch.manual_seed(9)
    b = emergence.repeated_tokens(64, 32, 10, generator=_gen(4))
    feedback.expect(
        torch.equal(a, b),
        "the same seed must give the same tokens",
        hint="torch.randint(0, vocab_size, (batch, seq_len), generator=generator)",
    )
    feedback.expect_equal(a.dtype, torch.long, "dtype of repeated_tokens")
    counts = torch.bincount(a[:, :32].flatten(), minlength=10)
    feedback.expect(
        len(counts) == 10 and bool((counts > 150).all()),
        "every id 0..vocab_size-1 should appear about equally often",
        expected="about 205 of each of 10 ids",
        got=counts.tolist(),
        hint="draw from 0 to vocab_size (the high end of torch.randint is exclusive)",
    )
    feedback.expect_equal(
        a[:, 32:].tolist(), a[:, :32].tolist(), "the second half must repeat the first exactly"
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("seq_len, as_output", [(5, False), (12, True)], ids=["logits", "output"])
def test_in_context_gain_matches_the_definition(seq_len, as_output):
    """in_context_gain averages exactly the predictions of tokens 1..L-1 and L+1..2L-1"""
    tokens = ref.repeated_tokens(6, seq_len, 17, generator=_gen(seq_len))
    model = _PositionalLogits(17, 2 * seq_len, seed=seq_len, as_output=as_output)
    got = emergence.in_context_gain(model, tokens)
    expected = ref.in_context_gain(model, tokens)
    feedback.expect(
        isinstance(got, float), "in_context_gain must return a float", expected=float, got=type(got)
    )
    feedback.expect_close(
        got,
        expected,
        f"in_context_gain of a model whose loss differs at every position (seq_len={seq_len})",
        hint="logits[:, t] predict token t+1; first mean: tokens 1..seq_len-1, second mean: tokens "
        "seq_len+1..2*seq_len-1 (the first token of the copy cannot be predicted); return "
        "first minus second; accept outputs with .logits",
        atol=1e-5,
    )


@pytest.mark.points(1)
def test_in_context_gain_leaves_no_gradient():
    """in_context_gain runs under torch.no_grad() (no graph, no .grad on the model)"""
    torch.manual_seed(0)
    model = ref.AttentionOnlyTransformer(20, 16, 16, 1, 2)
    tokens = ref.repeated_tokens(4, 8, 20, generator=_gen(1))
    emergence.in_context_gain(model, tokens)
    feedback.expect(
        all(p.grad is None for p in model.parameters()),
        "in_context_gain must not back-propagate into the model",
        hint="wrap the forward pass in torch.no_grad()",
    )


def _random_attentions(layers, heads, seq_len, batch=3, seed=0):
    g = _gen(seed)
    T = 2 * seq_len
    mask = torch.ones(T, T, dtype=torch.bool).tril()
    return tuple(
        (torch.randn(batch, heads, T, T, generator=g) * 2)
        .masked_fill(~mask, float("-inf"))
        .softmax(-1)
        for _ in range(layers)
    )


@pytest.mark.points(2)
def test_induction_scores_match_the_reference():
    """induction_scores on random attention patterns: (layers, heads), key t - seq_len + 1"""
    attentions = _random_attentions(3, 4, 7)
    got = emergence.induction_scores(attentions, 7)
    feedback.expect_close(
        got,
        ref.induction_scores(attentions, 7),
        "induction scores of 3 layers x 4 heads of random causal attention",
        hint="queries t = seq_len..2*seq_len-1, keys t - seq_len + 1 (the token AFTER the "
        "earlier occurrence; t - seq_len is the earlier occurrence itself); mean over batch "
        "and queries, one score per layer and head",
        atol=1e-6,
    )
    as_list = emergence.induction_scores(list(attentions), 7)
    feedback.expect_close(
        as_list,
        ref.induction_scores(attentions, 7),
        "induction_scores given a list instead of a tuple",
        atol=1e-6,
    )


@functools.cache
def _experiment(n_layers):
    # The reference's own helper, but running the target's functions (learner's
    # repeated_tokens, train, in_context_gain and induction_scores) via the module globals.
    return emergence.induction_experiment(n_layers, steps=300, eval_every=300)


@pytest.mark.points(3)
@pytest.mark.timeout(120)
def test_two_layers_form_induction_heads():
    """a 2-layer attention-only model learns to copy: in-context gain > 1.5 nats, a head > 0.3"""
    result = _experiment(2)
    gain, best = result["gain"][-1], result["scores"].max().item()
    # the reference measured gain 3.4 and best induction score 0.58 here (seed 0, 300 steps)
    feedback.expect(
        gain > 1.5 and best > 0.3,
        "after 300 steps on repeated random tokens, a 2-layer attention-only model should "
        "predict the repeated half far better (gain > 1.5 nats) with an induction head (score > 0.3)",
        expected="gain > 1.5, best score > 0.3",
        got=f"gain {gain:.2f}, best score {best:.2f}",
        hint="check repeated_tokens (a sequence then the same sequence), the windows of "
        "in_context_gain, the keys of induction_scores, and train",
    )


@pytest.mark.points(2)
@pytest.mark.timeout(120)
def test_one_layer_does_not():
    """a 1-layer model gets no induction head: gain < 1.0 nats, every head < 0.15"""
    result = _experiment(1)
    gain, best = result["gain"][-1], result["scores"].max().item()
    # the reference measured gain 0.39 and best score 0.06 (it learns "a token seen before is
    # likely", not "the token that followed it")
    feedback.expect(
        gain < 1.0 and best < 0.15,
        "a 1-layer attention-only model cannot form an induction head",
        expected="gain < 1.0, best score < 0.15",
        got=f"gain {gain:.2f}, best score {best:.2f}",
        hint="if the gain is large here, repeated_tokens or in_context_gain measure something "
        "else than copying from the earlier occurrence",
    )
