"""Visible tests for sampling.py: softmax, top-k, top-p, sample_next_token, generate.

Run them with ``pytest exercises/t1_tokens/test_sampling.py`` (or ``llm-grader check 1``).
"""

import functools

import pytest
import torch

from grader.core import feedback, target

sampling = target.module("t1_tokens.sampling")

NEG_INF = float("-inf")


# ---------------------------------------------------------------- softmax (task 4)


@pytest.mark.points(1)
def test_softmax_matches_torch():
    """softmax sums to 1 over the last dimension and equals torch.softmax"""
    logits = torch.randn(4, 10, generator=torch.Generator().manual_seed(0)) * 3
    probs = sampling.softmax(logits)
    feedback.expect_close(
        probs.sum(dim=-1), torch.ones(4), "each row of softmax(logits) must sum to 1",
        hint="normalise over the last dimension: divide by .sum(dim=-1, keepdim=True)",
    )
    feedback.expect_close(
        probs, torch.softmax(logits, dim=-1), "softmax(logits) compared with torch.softmax",
        hint="exp of the (shifted) logits divided by their sum over the last dimension",
    )


@pytest.mark.points(1)
def test_softmax_temperature():
    """softmax(logits, temperature) equals torch.softmax(logits / temperature)"""
    logits = torch.tensor([[2.0, 1.0, 0.5, 0.0, -1.0]])
    for temperature in (0.5, 2.0):
        feedback.expect_close(
            sampling.softmax(logits, temperature=temperature),
            torch.softmax(logits / temperature, dim=-1),
            f"softmax with temperature={temperature}",
            hint="divide the logits by the temperature (do not multiply); "
                 "a temperature below 1 sharpens the distribution",
        )


@pytest.mark.points(1)
def test_softmax_is_stable_for_huge_logits():
    """softmax of logits around 1e4 gives finite probabilities (no NaN)"""
    logits = torch.tensor([[1e4, 1e4 - 1.0, 1e4 - 2.0], [-1e4, 0.0, 1e4]])
    probs = sampling.softmax(logits)
    feedback.expect(
        bool(torch.isfinite(probs).all()),
        "softmax of logits around 1e4 must not contain NaN or inf",
        hint="exp(1e4) overflows: subtract each row's maximum before exp (the result is the same)",
        expected="finite probabilities", got=probs,
    )
    feedback.expect_close(probs, torch.softmax(logits, dim=-1), "softmax of huge logits",
                          atol=1e-3)


# ---------------------------------------------------------------- top-k (task 5)


@pytest.mark.points(1)
def test_top_k_keeps_the_k_largest_and_ties():
    """top_k_filter keeps the k largest logits (and ties with the k-th), the rest become -inf"""
    logits = torch.tensor([[1.0, 4.0, 3.0, 2.0, 0.0]])
    feedback.expect_equal(
        sampling.top_k_filter(logits, 2).tolist(),
        [[NEG_INF, 4.0, 3.0, NEG_INF, NEG_INF]],
        "top_k_filter([1, 4, 3, 2, 0], k=2)",
        hint="keep the values >= the k-th largest value of the row; set the others to -inf",
    )
    ties = torch.tensor([[1.0, 3.0, 2.0, 3.0, 2.0]])
    feedback.expect_equal(
        sampling.top_k_filter(ties, 2).tolist(),
        [[NEG_INF, 3.0, NEG_INF, 3.0, NEG_INF]],
        "top_k_filter([1, 3, 2, 3, 2], k=2) (two 3s fill k=2)",
        hint="the k-th largest value is the second 3: keep everything >= it",
    )
    feedback.expect_equal(
        sampling.top_k_filter(ties, 3).tolist(),
        [[NEG_INF, 3.0, 2.0, 3.0, 2.0]],
        "top_k_filter([1, 3, 2, 3, 2], k=3): both 2s tie with the 3rd largest, both stay",
        hint="compare with the k-th largest value (remove only entries strictly below it) "
             "instead of keeping exactly k indices from torch.topk",
    )


# ---------------------------------------------------------------- top-p (task 6)


@pytest.mark.points(1)
def test_top_p_keeps_the_token_that_crosses_p():
    """top_p_filter keeps the smallest most-probable set reaching p, crossing token included"""
    probs = torch.tensor([[0.1, 0.5, 0.05, 0.3, 0.05]])
    logits = probs.log()
    # sorted: 0.5, 0.3 (sum 0.8), 0.1 (sum 0.9), 0.05, 0.05
    got = sampling.top_p_filter(logits, 0.85)
    feedback.expect_equal(
        torch.isfinite(got).tolist(), [[True, True, False, True, False]],
        "tokens kept by top_p_filter(p=0.85) for probabilities [0.1, 0.5, 0.05, 0.3, 0.05]",
        hint="0.5 + 0.3 = 0.8 is still below 0.85, so the 0.1 token that crosses the threshold "
             "must be kept; keep a token while the mass *before* it is < p",
    )
    feedback.expect_close(
        got[torch.isfinite(got)], logits[torch.isfinite(got)],
        "kept logits of top_p_filter must be unchanged",
    )
    only_top = sampling.top_p_filter(logits, 0.3)
    feedback.expect(
        bool(torch.isfinite(only_top).any()),
        "top_p_filter(p=0.3) kept no token at all (every logit -inf: softmax gives NaN and "
        "torch.multinomial fails)",
        hint="the most probable token always stays, even when it alone exceeds p: keep a token "
             "while the mass *before* it is < p (not while the running sum is <= p)",
    )
    feedback.expect_equal(
        torch.isfinite(only_top).tolist(), [[False, True, False, False, False]],
        "tokens kept by top_p_filter(p=0.3): the top token (0.5) alone already reaches p",
        hint="stop as soon as the kept probabilities sum to at least p",
    )


# ---------------------------------------------------------------- sample_next_token (task 7)


@pytest.mark.points(1)
def test_greedy_sampling_is_argmax():
    """sample_next_token with temperature=0 is the argmax of each row, shape (batch,)"""
    logits = torch.randn(5, 20, generator=torch.Generator().manual_seed(1))
    got = sampling.sample_next_token(logits, temperature=0)
    feedback.expect(
        isinstance(got, torch.Tensor) and tuple(got.shape) == (5,),
        "sample_next_token(logits of shape (5, 20), temperature=0) must return shape (5,)",
        hint="one token id per row; squeeze the sample dimension",
        expected=(5,), got=tuple(got.shape) if isinstance(got, torch.Tensor) else got,
    )
    feedback.expect_equal(
        got.tolist(), logits.argmax(dim=-1).tolist(), "greedy tokens (temperature=0)",
        hint="temperature == 0 means greedy: return logits.argmax(dim=-1) without sampling",
    )


@pytest.mark.points(1)
def test_sampled_tokens_have_shape_batch():
    """sample_next_token returns one valid token id per row (LongTensor of shape (batch,))"""
    logits = torch.randn(6, 30, generator=torch.Generator().manual_seed(2))
    logits[:, 10:] = NEG_INF  # only ids 0..9 are possible
    got = sampling.sample_next_token(logits, temperature=1.0,
                                     generator=torch.Generator().manual_seed(0))
    feedback.expect(
        isinstance(got, torch.Tensor) and tuple(got.shape) == (6,),
        "sample_next_token(logits of shape (6, 30)) must return shape (6,)",
        hint="torch.multinomial(probs, 1) has shape (batch, 1): squeeze the last dimension",
        expected=(6,), got=tuple(got.shape) if isinstance(got, torch.Tensor) else got,
    )
    feedback.expect_equal(got.dtype, torch.long, "dtype of the sampled token ids")
    feedback.expect(
        bool(((got >= 0) & (got < 10)).all()),
        "sampled ids must have non-zero probability (logits of ids >= 10 are -inf)",
        hint="sample from softmax(logits / temperature); -inf logits have probability 0",
        expected="ids in 0..9", got=got,
    )


# ---------------------------------------------------------------- generate (task 8)


@functools.cache
def _tiny_gpt2():
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    config = GPT2Config(
        n_layer=2, n_head=2, n_embd=32, vocab_size=64, n_positions=64,
        initializer_range=0.3, bos_token_id=None, eos_token_id=None,
    )
    return GPT2LMHeadModel(config).eval()


def _prompts():
    return torch.randint(0, 64, (3, 5), generator=torch.Generator().manual_seed(1))


def _hf_greedy(model, prompts, max_new_tokens, eos_token_id=None):
    kwargs = {}
    if eos_token_id is not None:
        kwargs = {"eos_token_id": eos_token_id, "pad_token_id": eos_token_id}
    with torch.no_grad():
        return model.generate(prompts, attention_mask=torch.ones_like(prompts), do_sample=False,
                              max_new_tokens=max_new_tokens, **kwargs)


_expect_same_tokens = feedback.expect_same_tokens


@pytest.mark.points(2)
def test_greedy_generate_matches_transformers():
    """generate(temperature=0) equals transformers model.generate(do_sample=False)"""
    model, prompts = _tiny_gpt2(), _prompts()
    expected = _hf_greedy(model, prompts, 12)
    got = sampling.generate(model, prompts.clone(), 12, temperature=0)
    _expect_same_tokens(
        got, expected, "greedy generate of 12 tokens for 3 prompts of a tiny GPT-2",
        hint="each step: logits = model(ids).logits[:, -1], append sample_next_token(logits, 0); "
             "return the prompt followed by the new tokens",
    )


@pytest.mark.points(1)
def test_generate_pads_finished_rows_with_eos():
    """generate stops each row at EOS and fills the rest of that row with eos_token_id"""
    model, prompts, steps = _tiny_gpt2(), _prompts(), 12
    free = _hf_greedy(model, prompts, steps)[:, prompts.shape[1]:]
    # an EOS that some rows produce early (and at least one row never produces)
    candidates = [
        t for t in range(64)
        if (free[:, : steps - 2] == t).any() and not (free == t).any(dim=1).all()
    ]
    assert candidates, "test setup: no suitable EOS token for this model"
    eos = candidates[0]
    expected = _hf_greedy(model, prompts, steps, eos_token_id=eos)
    got = sampling.generate(model, prompts.clone(), steps, temperature=0, eos_token_id=eos)
    _expect_same_tokens(
        got, expected, f"greedy generate with eos_token_id={eos} (some rows finish early)",
        hint="keep a per-row 'finished' flag; once a row has produced the EOS, write the EOS "
             "into all its later positions instead of the model's choice",
    )
