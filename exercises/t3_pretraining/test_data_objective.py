"""Visible tests for data.py and objective.py: batches, the next-token loss, perplexity, bits per byte.

Run them with ``pytest exercises/t3_pretraining`` (or ``llm-grader check 3``).
"""

import functools
import math

import pytest
import torch

from grader.core import feedback, target

data = target.module("t3_pretraining.data")
objective = target.module("t3_pretraining.objective")


# ---------------------------------------------------------------- get_batch (task 1)


@pytest.mark.points(1)
def test_get_batch_shapes_and_shift():
    """get_batch returns (x, y) of shape (batch, block) where y is x shifted left by one"""
    ids = torch.arange(1000, 1100)  # ids[i] = 1000 + i, so every window is easy to read
    x, y = data.get_batch(ids, 4, 8, generator=torch.Generator().manual_seed(0))
    for name, t in (("x", x), ("y", y)):
        feedback.expect(
            isinstance(t, torch.Tensor) and tuple(t.shape) == (4, 8),
            f"get_batch(ids, batch_size=4, block_size=8): {name} must have shape (4, 8)",
            hint="stack batch_size windows of block_size tokens each",
            expected=(4, 8), got=tuple(getattr(t, "shape", ())),
        )
    feedback.expect(
        bool((x[:, 1:] - x[:, :-1] == 1).all()),
        "each row of x must be a contiguous window of ids", expected="ids[s : s + 8]", got=x,
        hint="x[b] = ids[s : s + block_size] for a random start s",
    )
    feedback.expect_equal(
        y.tolist(), (x + 1).tolist(), "y must be x shifted left by one (the next tokens)",
        hint="y[b] = ids[s + 1 : s + block_size + 1]: the token that follows each token of x",
    )


@pytest.mark.points(1)
def test_get_batch_is_reproducible_with_a_seeded_generator():
    """get_batch with generators seeded the same way gives the same batch"""
    ids = torch.arange(500)
    first = data.get_batch(ids, 16, 8, generator=torch.Generator().manual_seed(3))
    torch.rand(5)  # move the global random state on
    second = data.get_batch(ids, 16, 8, generator=torch.Generator().manual_seed(3))
    feedback.expect(
        torch.equal(first[0], second[0]),
        "two calls with generators seeded 3 must give the same windows",
        hint="draw the start positions with torch.randint(..., generator=generator)",
        expected=first[0][:, 0], got=second[0][:, 0],
    )


# ---------------------------------------------------------------- next_token_loss (task 2)


@functools.cache
def _tiny_gpt2():
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    config = GPT2Config(n_layer=2, n_head=2, n_embd=32, vocab_size=50, n_positions=32,
                        initializer_range=0.2)
    return GPT2LMHeadModel(config).eval()


@pytest.mark.points(2)
def test_next_token_loss_matches_transformers():
    """next_token_loss equals transformers' model(input_ids, labels=input_ids).loss"""
    model = _tiny_gpt2()
    input_ids = torch.randint(0, 50, (3, 12), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        out = model(input_ids, labels=input_ids)
    got = objective.next_token_loss(out.logits, input_ids)
    feedback.expect_close(
        got, out.loss, "next_token_loss(logits, input_ids) vs model(input_ids, labels=input_ids).loss",
        hint="shift inside: logits[:, :-1] predict input_ids[:, 1:]; then the mean cross-entropy",
        atol=1e-5,
    )


@pytest.mark.points(1)
def test_next_token_loss_skips_padding():
    """next_token_loss ignores labels equal to -100 (padding), like transformers"""
    model = _tiny_gpt2()
    input_ids = torch.randint(0, 50, (2, 10), generator=torch.Generator().manual_seed(2))
    mask = torch.ones_like(input_ids)
    mask[0, 6:] = 0  # the first sequence is padded after 6 tokens
    labels = input_ids.masked_fill(mask == 0, -100)
    with torch.no_grad():
        out = model(input_ids, attention_mask=mask, labels=labels)
    feedback.expect_close(
        objective.next_token_loss(out.logits, labels), out.loss,
        "next_token_loss with padding labelled -100 vs transformers' loss",
        hint="pass ignore_index to F.cross_entropy and average over the real predictions only",
    )


# ---------------------------------------------------------------- perplexity, bits per byte (task 3)


@pytest.mark.points(1)
def test_perplexity_of_a_uniform_guess():
    """perplexity(ln 65) is 65: a uniform guess among 65 characters"""
    feedback.expect_close(objective.perplexity(math.log(65)), 65.0, "perplexity(ln 65)",
                          hint="the loss is in nats: perplexity = e ** loss (not 2 ** loss)")
    feedback.expect_close(objective.perplexity(0.0), 1.0, "perplexity(0)")


@pytest.mark.points(1)
def test_bits_per_byte():
    """bits_per_byte converts a total loss in nats to bits per byte"""
    # 1000 bytes of text, 400 tokens, mean loss 2.0 nats per token
    got = objective.bits_per_byte(400 * 2.0, 1000)
    feedback.expect_close(got, 800 / math.log(2) / 1000,
                          "bits_per_byte(total_nats=800, n_bytes=1000)",
                          hint="bits = nats / ln(2); then divide by the number of bytes")
