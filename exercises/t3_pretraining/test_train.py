"""Visible tests for train.py: the learning-rate schedule and the training loop.

Run them with ``pytest exercises/t3_pretraining`` (or ``llm-grader check 3``).
"""

import math

import pytest
import torch

from grader.core import feedback, target

train_mod = target.module("t3_pretraining.train")
data = target.module("t3_pretraining.data")


# ---------------------------------------------------------------- cosine_lr (task 4)


@pytest.mark.points(1)
def test_cosine_lr_key_points():
    """cosine_lr: 0 at step 0, max_lr after warmup, halfway at mid-decay, min_lr at the end"""
    lr = train_mod.cosine_lr
    cases = [
        (0, 0.0, "step 0 (warmup starts from 0)"),
        (5, 0.5e-3, "step 5 of a 10-step warmup (linear: max_lr * 5 / 10)"),
        (10, 1e-3, "step 10, the end of the warmup (the peak)"),
        (60, 0.55e-3, "step 60, halfway through the decay (midway between max_lr and min_lr)"),
        (110, 1e-4, "step 110 = total_steps (min_lr)"),
        (500, 1e-4, "step 500, after total_steps (stays at min_lr)"),
    ]
    for step, expected, what in cases:
        got = lr(step, max_lr=1e-3, warmup_steps=10, total_steps=110, min_lr=1e-4)
        feedback.expect_close(
            got, expected, f"cosine_lr at {what}", atol=1e-9,
            hint="warmup max_lr*step/warmup_steps; then min_lr + (max_lr-min_lr)*0.5*(1+cos(pi*progress)) "
                 "with progress = (step-warmup)/(total-warmup); min_lr after total_steps",
        )


# ---------------------------------------------------------------- train (task 5)


def _char_batches(text, block_size, batch_size, seed):
    tok = data.CharTokenizer(text)
    ids = torch.tensor(tok.encode(text))
    gen = torch.Generator().manual_seed(seed)

    def batches():
        while True:
            yield data.get_batch(ids, batch_size, block_size, generator=gen)

    return tok, batches()


@pytest.mark.points(2)
def test_train_reduces_the_loss():
    """train returns one loss per step, and 60 steps on Shakespeare lower the loss clearly"""
    from transformers import GPT2Config, GPT2LMHeadModel

    text = data.load_corpus()[:20_000]
    tok, batches = _char_batches(text, 32, 16, seed=0)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(n_layer=1, n_head=2, n_embd=32, n_positions=32,
                                       vocab_size=tok.vocab_size))
    losses = train_mod.train(model, batches, steps=60, max_lr=1e-2, warmup_steps=5)
    feedback.expect(
        isinstance(losses, list) and len(losses) == 60 and all(isinstance(v, float) for v in losses),
        "train(..., steps=60) must return a list of 60 floats (loss.item() of every step)",
        expected="60 floats", got=losses if not isinstance(losses, list) else f"{len(losses)} items",
    )
    start, end = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
    feedback.expect(
        end < start - 0.8,
        f"the loss should fall clearly in 60 steps (first 5 steps {start:.2f}, last 5 {end:.2f})",
        hint="set every parameter group's lr to cosine_lr(step, ...) before the step, zero the "
             "gradients, loss.backward(), clip, optimizer.step(); the loss is cross-entropy "
             "between the logits and y (already shifted)",
    )
    feedback.expect(
        math.isclose(start, math.log(tok.vocab_size), rel_tol=0.2),
        f"the first losses should be near ln(vocab) = {math.log(tok.vocab_size):.2f} for an "
        f"untrained model (got {start:.2f})",
        hint="the loss of a step is F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1))",
    )
