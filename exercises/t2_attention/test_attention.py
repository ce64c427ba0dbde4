"""Visible tests for attention.py: attention, the causal mask, multi-head attention, positions.

Run them with ``pytest exercises/t2_attention/test_attention.py`` (or ``llm-grader check 2``).
"""

import pytest
import torch
import torch.nn.functional as F

from grader.core import checking, feedback, target

attention = target.module("t2_attention.attention")


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# ---------------------------------------------------------------- attention (task 1)


@pytest.mark.points(1)
def test_attention_matches_torch():
    """scaled_dot_product_attention equals torch's F.scaled_dot_product_attention (no mask)"""
    g = _gen(0)
    q, k, v = torch.randn(2, 3, 5, 16, generator=g), torch.randn(2, 3, 7, 16, generator=g), \
        torch.randn(2, 3, 7, 16, generator=g)
    feedback.expect_close(
        attention.scaled_dot_product_attention(q, k, v),
        F.scaled_dot_product_attention(q, k, v),
        "attention of q (2, 3, 5, 16) over k, v (2, 3, 7, 16) compared with torch",
        hint="softmax(q @ k.transpose(-2, -1) / sqrt(d), dim=-1) @ v, with d = q.shape[-1]",
    )


@pytest.mark.points(1)
def test_attention_with_a_mask_matches_torch():
    """a boolean mask (True = may attend) hides keys exactly like torch's attn_mask"""
    g = _gen(1)
    q, k, v = (torch.randn(2, 6, 8, generator=g) for _ in range(3))
    mask = torch.rand(6, 6, generator=g) > 0.4
    mask[:, 0] = True  # every query may see at least one key
    feedback.expect_close(
        attention.scaled_dot_product_attention(q, k, v, mask),
        F.scaled_dot_product_attention(q, k, v, attn_mask=mask),
        "masked attention (mask of shape (6, 6), broadcast over the batch) compared with torch",
        hint="True means 'may attend': set the scores where the mask is False to -inf before "
             "the softmax (not after it, and not to 0)",
    )


@pytest.mark.points(1)
def test_attention_is_stable_for_huge_scores():
    """scores around 1e4 give finite outputs that match torch (no NaN)"""
    g = _gen(2)
    q = torch.randn(1, 4, 8, generator=g) * 100
    k = torch.randn(1, 4, 8, generator=g) * 100
    v = torch.randn(1, 4, 8, generator=g)
    got = attention.scaled_dot_product_attention(q, k, v)
    feedback.expect(bool(torch.isfinite(got).all()),
                    "attention with scores around 1e4 must not contain NaN or inf",
                    hint="exp(1e4) overflows: use torch.softmax, or subtract each row's maximum "
                         "before exp (topic 1's softmax)", expected="finite values", got=got)
    feedback.expect_close(got, F.scaled_dot_product_attention(q, k, v),
                          "attention with scores around 1e4", atol=1e-4)


# ---------------------------------------------------------------- causal mask (task 2)


@pytest.mark.points(1)
def test_causal_mask():
    """causal_mask(4) is a (4, 4) bool tensor, True on and below the diagonal"""
    got = attention.causal_mask(4)
    feedback.expect(isinstance(got, torch.Tensor) and got.dtype == torch.bool,
                    "causal_mask must return a bool tensor", expected=torch.bool,
                    got=getattr(got, "dtype", type(got)),
                    hint="torch.ones(n, n, dtype=torch.bool).tril()")
    expected = [[True, False, False, False], [True, True, False, False],
                [True, True, True, False], [True, True, True, True]]
    feedback.expect_equal(got.tolist(), expected, "causal_mask(4)",
                          hint="position i may attend to 0..i, itself included: lower triangle "
                               "with the diagonal (tril, not triu; diagonal=0, not -1)")


# ---------------------------------------------------------------- multi-head attention (task 3)


_torch_mha = checking.torch_mha


@pytest.mark.points(2)
def test_multi_head_attention_matches_torch():
    """MultiHeadSelfAttention(causal=False) equals torch.nn.MultiheadAttention with the same weights"""
    torch.manual_seed(0)
    mha = attention.MultiHeadSelfAttention(32, 4)
    x = torch.randn(2, 7, 32, generator=_gen(3))
    got = mha(x, causal=False)
    expected, _ = _torch_mha(mha)(x, x, x, need_weights=False)
    feedback.expect_close(
        got, expected, "multi-head self-attention of x (2, 7, 32), 4 heads, no mask",
        hint="project with q_proj/k_proj/v_proj, split_heads to (B, H, T, d_head), attend, "
             "merge_heads back to (B, T, d_model), then o_proj",
    )


@pytest.mark.points(1)
def test_multi_head_attention_is_causal():
    """with causal=True, changing the tokens after position t leaves outputs 0..t unchanged"""
    torch.manual_seed(1)
    mha = attention.MultiHeadSelfAttention(16, 2)
    x = torch.randn(1, 8, 16, generator=_gen(4))
    changed = x.clone()
    changed[:, 5:] = torch.randn(1, 3, 16, generator=_gen(5))
    with torch.no_grad():
        before, after = mha(x), mha(changed)
    feedback.expect_close(after[:, :5], before[:, :5],
                          "outputs at positions 0..4 after changing positions 5..7",
                          hint="causal=True must hide future keys: combine causal_mask(T) into "
                               "the attention mask")
    feedback.expect(not torch.allclose(after[:, 5:], before[:, 5:]),
                    "outputs at positions 5..7 did not change although their inputs did",
                    hint="the mask must only hide keys after the query, not the query itself")


# ---------------------------------------------------------------- positions (tasks 4, 5)


@pytest.mark.points(1)
def test_sinusoidal_positions():
    """sinusoidal_positions: shape, sin on even and cos on odd columns, Vaswani's frequencies"""
    pe = attention.sinusoidal_positions(10, 8)
    feedback.expect_equal(tuple(pe.shape), (10, 8), "shape of sinusoidal_positions(10, 8)")
    feedback.expect_close(pe[0], torch.tensor([0.0, 1.0] * 4), "position 0: sin 0 = 0, cos 0 = 1",
                          hint="even columns are sines, odd columns cosines (interleaved)")
    pos, i = 3, 1  # columns 2 and 3 use the frequency 10000^(-2/8)
    angle = pos / 10000 ** (2 * i / 8)
    feedback.expect_close(pe[pos, 2:4], torch.tensor([torch.sin(torch.tensor(angle)),
                                                      torch.cos(torch.tensor(angle))]),
                          "columns 2 and 3 at position 3",
                          hint="the angle is pos / 10000^(2i / d_model) for the pair (2i, 2i+1)")


def _llama_rope(x, position_ids, base):
    from transformers import LlamaConfig
    from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding, apply_rotary_pos_emb

    batch, heads, seq, d_head = x.shape
    config = LlamaConfig(hidden_size=heads * d_head, num_attention_heads=heads,
                         rope_theta=base, max_position_embeddings=256)
    cos, sin = LlamaRotaryEmbedding(config)(x, position_ids)
    rotated, _ = apply_rotary_pos_emb(x, x, cos, sin)
    return rotated


@pytest.mark.points(2)
def test_rope_matches_llama():
    """apply_rope equals transformers' Llama rotary embedding (positions 0..T-1)"""
    x = torch.randn(2, 3, 10, 16, generator=_gen(6))
    positions = torch.arange(10)
    got = attention.apply_rope(x, positions)
    expected = _llama_rope(x, positions[None].expand(2, 10), 10000.0)
    feedback.expect_close(
        got, expected, "apply_rope(x (2, 3, 10, 16), positions 0..9) compared with Llama's RoPE",
        hint="rotate-half convention: pair feature j with j + d/2 (not 2j with 2j+1); "
             "out = x * cos + rotate_half(x) * sin with angles pos * base^(-2j/d) repeated twice",
        atol=1e-5,
    )
