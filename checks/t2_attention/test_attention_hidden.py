"""Hidden checks for attention.py: torch's SDPA on many shapes and masks, fully masked rows,
multi-head attention against torch.nn.MultiheadAttention, padding, per-head loops, positions
against transformers (DistilBERT's sinusoids, Llama's RoPE)."""

import pytest
import torch
import torch.nn.functional as F

from grader.core import checking, feedback, target

attention = target.module("t2_attention.attention")


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# ---------------------------------------------------------------- scaled dot-product attention

SDPA_CASES = [
    # (q shape, Tk, d_v, mask shape or None)
    pytest.param((5, 8), 5, 8, None, id="2d"),
    pytest.param((3, 4, 64), 9, 64, (4, 9), id="3d-large-d"),
    pytest.param((2, 3, 6, 16), 6, 16, (6, 6), id="4d-mask-TqTk"),
    pytest.param((2, 3, 4, 8), 7, 12, (2, 1, 4, 7), id="4d-mask-per-batch-dv12"),
    pytest.param((2, 3, 5, 8), 5, 8, (2, 1, 1, 5), id="4d-mask-keys-only"),
    pytest.param((2, 3, 5, 8), 6, 8, (1, 3, 5, 6), id="4d-mask-per-head"),
    pytest.param((2, 2, 3, 1, 4), 3, 4, (3, 1, 3), id="5d-single-query"),
]


@pytest.mark.points(1)
@pytest.mark.parametrize("q_shape,tk,d_v,mask_shape", SDPA_CASES)
def test_attention_matches_torch_on_shapes_and_masks(q_shape, tk, d_v, mask_shape):
    """scaled_dot_product_attention equals torch's on many shapes and broadcast masks"""
    g = _gen(sum(q_shape) + tk)
    q = torch.randn(*q_shape, generator=g)
    k = torch.randn(*q_shape[:-2], tk, q_shape[-1], generator=g)
    v = torch.randn(*q_shape[:-2], tk, d_v, generator=g)
    mask = None
    if mask_shape is not None:
        mask = torch.rand(*mask_shape, generator=g) > 0.5
        mask[..., 0] = True  # no fully masked rows here (see the next check)
    got = attention.scaled_dot_product_attention(q, k, v, mask)
    what = (
        f"attention with q {tuple(q.shape)}, k {tuple(k.shape)}, v {tuple(v.shape)}, "
        f"mask {mask_shape}"
    )
    feedback.expect_close(
        got,
        F.scaled_dot_product_attention(q, k, v, attn_mask=mask),
        what,
        hint="scale by 1/sqrt(d) with d = q.shape[-1]; softmax over the LAST dim (the keys); "
        "hide keys where the mask is False (True = may attend) with -inf before the softmax; "
        "the mask broadcasts against the scores (..., Tq, Tk)",
    )


@pytest.mark.points(1)
def test_fully_masked_rows_give_zeros():
    """a query whose keys are all hidden gets zeros, like torch, and no NaN elsewhere"""
    g = _gen(11)
    q, k, v = (
        torch.randn(2, 4, 8, generator=g),
        torch.randn(2, 5, 8, generator=g),
        torch.randn(2, 5, 8, generator=g),
    )
    mask = torch.rand(2, 4, 5, generator=g) > 0.5
    mask[:, :, 0] = True
    mask[0, 2] = False  # query 2 of batch 0 may attend to nothing
    mask[1, 0] = False
    got = attention.scaled_dot_product_attention(q, k, v, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    feedback.expect(
        bool(torch.isfinite(got).all()),
        "a query row with every key hidden produced NaN or inf",
        hint="softmax of a row of -inf is 0/0 = NaN: set those rows' weights to 0 "
        "(e.g. weights.masked_fill(~mask.any(-1, keepdim=True), 0))",
        expected="finite values (zeros in the fully masked rows)",
        got=got,
    )
    feedback.expect_close(
        got[0, 2],
        torch.zeros(8),
        "output of a fully masked query row",
        hint="torch returns zeros there; filling the scores with a large "
        "negative number instead of -inf gives the plain average of v",
    )
    feedback.expect_close(got, expected, "attention with fully masked rows compared with torch")


@pytest.mark.points(1)
def test_huge_scores_with_a_mask():
    """scores around 1e4 with a causal mask: finite and equal to torch"""
    g = _gen(12)
    q = torch.randn(2, 2, 6, 16, generator=g) * 60
    k = torch.randn(2, 2, 6, 16, generator=g) * 60
    v = torch.randn(2, 2, 6, 16, generator=g)
    mask = torch.ones(6, 6, dtype=torch.bool).tril()
    got = attention.scaled_dot_product_attention(q, k, v, mask)
    feedback.expect(
        bool(torch.isfinite(got).all()),
        "attention with scores around 1e4 must not contain NaN or inf",
        hint="subtract each row's maximum before exp (or use torch.softmax)",
        expected="finite values",
        got=got,
    )
    feedback.expect_close(
        got,
        F.scaled_dot_product_attention(q, k, v, attn_mask=mask),
        "masked attention with scores around 1e4",
        atol=1e-4,
    )


@pytest.mark.points(1)
def test_attention_weights_ignore_hidden_values():
    """changing the values of hidden keys never changes the output"""
    g = _gen(13)
    q, k, v = (torch.randn(3, 5, 8, generator=g) for _ in range(3))
    mask = torch.ones(5, 5, dtype=torch.bool).tril()
    before = attention.scaled_dot_product_attention(q, k, v, mask)
    v2 = v.clone()
    v2[:, 3:] += 100.0
    after = attention.scaled_dot_product_attention(q, k, v2, mask)
    feedback.expect_close(
        after[:, :3],
        before[:, :3],
        "outputs of queries 0..2 after changing the values of keys 3..4",
        hint="masked scores must become -inf (weight exactly 0), not 0 or a "
        "finite penalty, and the mask must not be inverted",
    )


# ---------------------------------------------------------------- causal mask


@pytest.mark.points(1)
def test_causal_mask_matches_torch():
    """causal_mask(n) allows exactly what torch's square subsequent mask allows"""
    for n in (1, 2, 7):
        got = attention.causal_mask(n)
        expected = torch.nn.Transformer.generate_square_subsequent_mask(n) == 0
        feedback.expect(
            isinstance(got, torch.Tensor) and got.dtype == torch.bool,
            f"causal_mask({n}) must be a bool tensor",
            expected=torch.bool,
            got=getattr(got, "dtype", type(got)),
        )
        feedback.expect_equal(
            got.tolist(),
            expected.tolist(),
            f"causal_mask({n})",
            hint="True on and below the diagonal: a position sees itself and "
            "the past (tril with diagonal=0)",
        )
    got = attention.causal_mask(3, device="cpu")
    feedback.expect_equal(
        got.device.type,
        "cpu",
        "causal_mask(3, device='cpu').device",
        hint="create the tensor with device=device",
    )


@pytest.mark.points(1)
def test_causal_attention_matches_torch_is_causal():
    """attention with causal_mask(T) equals torch's SDPA with is_causal=True"""
    g = _gen(14)
    q, k, v = (torch.randn(2, 4, 9, 8, generator=g) for _ in range(3))
    got = attention.scaled_dot_product_attention(q, k, v, attention.causal_mask(9))
    feedback.expect_close(
        got,
        F.scaled_dot_product_attention(q, k, v, is_causal=True),
        "causal attention (T = 9) compared with torch's is_causal=True",
    )


# ---------------------------------------------------------------- multi-head self-attention


_torch_mha = checking.torch_mha


@torch.no_grad()
def _random_mha(d_model, n_heads, seed, bias=True):
    torch.manual_seed(seed)
    mha = attention.MultiHeadSelfAttention(d_model, n_heads, bias=bias)
    g = _gen(seed)
    for p in mha.parameters():
        p.copy_(torch.randn(p.shape, generator=g) * 0.4)
    return mha


@pytest.mark.points(2)
def test_causal_padded_attention_matches_torch():
    """causal + padding masks equal torch.nn.MultiheadAttention's attn_mask + key_padding_mask"""
    mha = _random_mha(24, 3, 15)
    x = torch.randn(3, 6, 24, generator=_gen(16))
    attention_mask = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 1]])
    with torch.no_grad():
        got = mha(x, causal=True, attention_mask=attention_mask)
        future = ~torch.ones(6, 6, dtype=torch.bool).tril()  # torch: True = NOT allowed
        expected, _ = _torch_mha(mha)(
            x, x, x, attn_mask=future, key_padding_mask=attention_mask == 0, need_weights=False
        )
    real = attention_mask.bool()
    # left padding: the first real token attends to itself only; padded queries are not compared
    feedback.expect_close(
        got[real],
        expected[real],
        "outputs at real tokens, causal with right- and left-padded rows, vs torch's "
        "MultiheadAttention",
        hint="hide padding KEYS: attention_mask (B, T) becomes (B, 1, 1, T), AND it with the "
        "causal (T, T) mask; queries at padding positions do not matter",
    )
    with torch.no_grad():
        expected_nc, _ = _torch_mha(mha)(
            x, x, x, key_padding_mask=attention_mask == 0, need_weights=False
        )
        got_nc = mha(x, causal=False, attention_mask=attention_mask)
    feedback.expect_close(
        got_nc[real],
        expected_nc[real],
        "outputs at real tokens, causal=False with padding, vs torch",
        hint="with causal=False use only the padding mask",
    )


@pytest.mark.points(2)
def test_padding_does_not_change_real_tokens():
    """a padded sequence gives the same outputs at its real tokens as the sequence alone"""
    mha = _random_mha(16, 4, 17)
    seq = torch.randn(1, 5, 16, generator=_gen(18))
    pad = torch.randn(1, 3, 16, generator=_gen(19)) * 10  # garbage at padded positions
    for causal in (True, False):
        with torch.no_grad():
            alone = mha(seq, causal=causal)
            right = mha(
                torch.cat([seq, pad], 1),
                causal=causal,
                attention_mask=torch.tensor([[1] * 5 + [0] * 3]),
            )
            left = mha(
                torch.cat([pad, seq], 1),
                causal=causal,
                attention_mask=torch.tensor([[0] * 3 + [1] * 5]),
            )
        if not causal:
            feedback.expect_close(
                right[:, :5],
                alone,
                "causal=False, right padding: outputs at the 5 real tokens",
                hint="padding positions must be hidden as keys for every query",
            )
        # causal: the padded sequence's real tokens sit at shifted positions on the left, but
        # attention has no positions of its own, so the outputs must still match
        feedback.expect_close(
            left[:, 3:],
            alone,
            f"causal={causal}, left padding: outputs at the 5 real tokens",
            hint="hide padding keys with attention_mask (1 = real, 0 = padding); "
            "mask keys, not queries",
        )


@pytest.mark.points(1)
def test_multi_head_attention_is_causal_everywhere():
    """causal=True: for every t, changing positions after t leaves outputs up to t unchanged"""
    mha = _random_mha(12, 3, 20)
    x = torch.randn(2, 7, 12, generator=_gen(21))
    with torch.no_grad():
        base = mha(x)
        for t in range(6):
            changed = x.clone()
            changed[:, t + 1 :] = torch.randn(2, 6 - t, 12, generator=_gen(22 + t))
            feedback.expect_close(
                mha(changed)[:, : t + 1],
                base[:, : t + 1],
                f"outputs 0..{t} after changing the inputs after position {t}",
                hint="causal=True must hide every key j > i from query i "
                "(tril including the diagonal)",
            )
        first = mha(x[:, :1])
    feedback.expect_close(
        first,
        base[:, :1],
        "a one-token sequence vs the first position",
        hint="query 0 must see key 0 (the diagonal belongs to the mask)",
    )


@pytest.mark.points(1)
def test_heads_equal_a_loop_over_heads():
    """all heads at once equal a loop that runs every head on its own slice of features"""
    d_model, n_heads = 24, 4
    d_head = d_model // n_heads
    mha = _random_mha(d_model, n_heads, 23)
    x = torch.randn(2, 5, d_model, generator=_gen(24))
    with torch.no_grad():
        q, k, v = mha.q_proj(x), mha.k_proj(x), mha.v_proj(x)
        heads = []
        for h in range(n_heads):
            cols = slice(h * d_head, (h + 1) * d_head)
            heads.append(
                F.scaled_dot_product_attention(
                    q[..., cols], k[..., cols], v[..., cols], is_causal=True
                )
            )
        expected = mha.o_proj(torch.cat(heads, dim=-1))
        got = mha(x)
    feedback.expect_close(
        got,
        expected,
        "multi-head attention vs a loop over the 4 heads",
        hint="head h owns features h*d_head..(h+1)*d_head-1: view as "
        "(B, T, H, d_head) then transpose to (B, H, T, d_head) (a plain "
        "view to (B, H, T, d_head) mixes positions); merge back with the "
        "inverse transpose before o_proj",
    )


@pytest.mark.points(1)
def test_split_and_merge_heads():
    """split_heads gives head h the features h*d_head.., merge_heads undoes it"""
    x = torch.randn(2, 5, 12, generator=_gen(25))
    split = attention.split_heads(x, 3)
    feedback.expect_equal(
        tuple(split.shape),
        (2, 3, 5, 4),
        "shape of split_heads(x (2, 5, 12), 3)",
        hint="(B, T, d_model) -> (B, H, T, d_head)",
    )
    feedback.expect_close(
        split[:, 1],
        x[..., 4:8],
        "split_heads(x, 3)[:, 1] (head 1)",
        hint="view(B, T, H, d_head).transpose(1, 2)",
    )
    feedback.expect_close(
        attention.merge_heads(split),
        x,
        "merge_heads(split_heads(x, 3))",
        hint="transpose(1, 2) back, then reshape (not view: not contiguous)",
    )


@pytest.mark.points(1)
def test_bias_false_and_output_shape():
    """bias=False has no biases; the output has the input's shape"""
    mha = _random_mha(8, 2, 26, bias=False)
    feedback.expect(
        all(m.bias is None for m in (mha.q_proj, mha.k_proj, mha.v_proj, mha.o_proj)),
        "MultiHeadSelfAttention(bias=False) must have no biases",
    )
    x = torch.randn(3, 4, 8, generator=_gen(27))
    ref = torch.nn.MultiheadAttention(8, 2, bias=False, batch_first=True).eval()
    with torch.no_grad():
        ref.in_proj_weight.copy_(
            torch.cat([mha.q_proj.weight, mha.k_proj.weight, mha.v_proj.weight])
        )
        ref.out_proj.weight.copy_(mha.o_proj.weight)
        got = mha(x, causal=False)
        expected = ref(x, x, x, need_weights=False)[0]
    feedback.expect_close(got, expected, "MultiHeadSelfAttention(8, 2, bias=False) vs torch")


# ---------------------------------------------------------------- positions


@pytest.mark.points(1)
def test_sinusoidal_positions_match_distilbert():
    """sinusoidal_positions equals transformers' sinusoidal embeddings (DistilBERT)"""
    from transformers.models.distilbert.modeling_distilbert import _create_sinusoidal_embeddings

    for n_pos, dim in ((50, 32), (128, 64)):
        expected = torch.empty(n_pos, dim)
        _create_sinusoidal_embeddings(n_pos, dim, expected)
        got = attention.sinusoidal_positions(n_pos, dim)
        feedback.expect_close(
            got,
            expected,
            f"sinusoidal_positions({n_pos}, {dim}) vs DistilBERT's",
            hint="PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(same "
            "angle): interleaved, sines in even columns",
            atol=1e-5,
        )


def _llama_rope(x, position_ids, base):
    from transformers import LlamaConfig
    from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding, apply_rotary_pos_emb

    batch, heads, seq, d_head = x.shape
    config = LlamaConfig(
        hidden_size=heads * d_head,
        num_attention_heads=heads,
        rope_theta=base,
        max_position_embeddings=4096,
    )
    cos, sin = LlamaRotaryEmbedding(config)(x, position_ids)
    rotated, _ = apply_rotary_pos_emb(x, x, cos, sin)
    return rotated


ROPE_CASES = [
    pytest.param((1, 2, 6, 8), "offset", 10000.0, id="offset-positions"),
    pytest.param((2, 4, 5, 64), "per-batch", 10000.0, id="per-batch-d64"),
    pytest.param((2, 1, 7, 32), "arange", 500000.0, id="llama3-base"),
    pytest.param((3, 2, 4, 2), "per-batch", 100.0, id="d2"),
]


def _rope_by_hand(x, positions, base, pairs="half", sign=1.0, two=2):
    """RoPE with the usual mistakes as options: ``pairs="interleaved"`` rotates (2j, 2j+1)
    (GPT-J) instead of (j, j + d/2); ``sign=-1`` rotates the other way; ``two=1`` uses the
    frequencies base^(-j/d)."""
    d_head = x.shape[-1]
    j = torch.arange(d_head // 2, dtype=torch.float64)
    angles = positions.double()[..., None] * base ** (-two * j / d_head)  # (…, T, d/2)
    if angles.dim() == 3:
        angles = angles[:, None]
    cos, sin = angles.cos(), sign * angles.sin()
    x = x.double()
    if pairs == "interleaved":
        even, odd = x[..., 0::2], x[..., 1::2]
        out = torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim=-1).flatten(-2)
    else:
        first, second = x[..., : d_head // 2], x[..., d_head // 2 :]
        out = torch.cat([first * cos - second * sin, second * cos + first * sin], dim=-1)
    return out.float()


ROPE_HALF = "pair feature j with feature j + d/2 (rotate_half), not 2j with 2j+1"
ROPE_POSITIONS = "use the given positions, not arange(T)"


def _rope_diagnosis(got, x, positions, base, expected):
    """The hint for the mistake that explains ``got``, if one of the usual ones does."""
    seq = x.shape[-2]
    arange = torch.arange(seq)
    candidates = [
        ("is the interleaved-pairs rotation (GPT-J style)", ROPE_HALF, {"pairs": "interleaved"}),
        ("is the rotation for positions 0..T-1", ROPE_POSITIONS, {"positions": arange}),
        (
            "is the interleaved-pairs rotation at positions 0..T-1",
            f"{ROPE_HALF}; and {ROPE_POSITIONS}",
            {"pairs": "interleaved", "positions": arange},
        ),
        (
            "rotates the other way",
            "out = x * cos + rotate_half(x) * sin (plus sign on sin)",
            {"sign": -1.0},
        ),
        (
            "uses the frequencies base^(-j/d)",
            "theta_j = base^(-2j/d) for j < d/2 (arange(0, d, 2) / d)",
            {"two": 1},
        ),
        (
            "is the rotation for base 10000",
            "use the base argument, not a fixed 10000",
            {"base": 10000.0},
        ),
    ]
    for what, hint, options in candidates:
        options = {"positions": positions, "base": base, **options}
        variant = _rope_by_hand(x, options.pop("positions"), options.pop("base"), **options)
        if variant.shape != got.shape:
            continue
        close = {"atol": 1e-4, "rtol": 1e-4}
        if not torch.allclose(variant, expected, **close) and torch.allclose(got, variant, **close):
            return what, hint
    return None


@pytest.mark.points(1)
@pytest.mark.parametrize("shape,kind,base", ROPE_CASES)
def test_rope_matches_llama_everywhere(shape, kind, base):
    """apply_rope equals Llama's rotary embedding for offset and per-batch positions, any base"""
    batch, heads, seq, d_head = shape
    g = _gen(seq * d_head)
    x = torch.randn(*shape, generator=g)
    if kind == "offset":  # a KV cache: the new tokens sit at positions 1000..
        positions = torch.arange(seq) + 1000
        position_ids = positions[None].expand(batch, seq)
    elif kind == "per-batch":  # e.g. left padding: every row has its own positions
        position_ids = torch.randint(0, 300, (batch, seq), generator=g)
        positions = position_ids
    else:
        positions = torch.arange(seq)
        position_ids = positions[None].expand(batch, seq)
    what = f"apply_rope(x {shape}, {kind} positions, base={base:g}) vs Llama's RoPE"
    try:
        got = attention.apply_rope(x, positions, base=base)
    except NotImplementedError:  # a RuntimeError too: the stub's own message says it all
        raise
    except RuntimeError as error:
        if positions.dim() != 2:
            raise
        feedback.fail(
            f"{what}: positions of shape {tuple(positions.shape)} (B, T) raised "
            f"{type(error).__name__}: {str(error)[:120]}",
            hint="angles of shape (B, T, d) need a head dimension, (B, 1, T, d), to "
            "broadcast against x (B, H, T, d)",
        )
    expected = _llama_rope(x, position_ids, base)
    if (
        isinstance(got, torch.Tensor)
        and got.shape == expected.shape
        and not torch.allclose(got, expected, atol=1e-4, rtol=1e-4)
    ):
        found = _rope_diagnosis(got, x, positions, base, expected)
        if found is not None:
            diff = (got - expected).abs().max().item()
            feedback.fail(
                f"{what}: your output {found[0]} (max abs difference {diff:.3g})", hint=found[1]
            )
    feedback.expect_close(
        got,
        expected,
        what,
        hint="compare the conventions: pairs (j, j + d/2) as in rotate_half; the given "
        "positions (not arange(T)); positions (B, T) get a head dimension, (B, 1, T, d); "
        "theta_j = base^(-2j/d) for j < d/2",
        atol=1e-4,
        rtol=1e-4,
    )


@pytest.mark.points(1)
def test_rope_scores_depend_on_the_offset_only():
    """after RoPE, q·k depends on the positions only through their difference"""
    g = _gen(31)
    q, k = torch.randn(1, 1, 1, 16, generator=g), torch.randn(1, 1, 1, 16, generator=g)
    scores = []
    for start in (0, 7, 123):
        rq = attention.apply_rope(q, torch.tensor([start + 5]))
        rk = attention.apply_rope(k, torch.tensor([start + 2]))
        scores.append((rq * rk).sum())
    feedback.expect_close(
        torch.stack(scores),
        scores[0].expand(3),
        "q·k for position pairs (5, 2), (12, 9), (128, 125)",
        hint="a rotation by pos*theta for both q and k: the same angle for "
        "feature j and j + d/2, sin with a plus sign on rotate_half(x)",
        atol=1e-4,
    )
    x = torch.randn(2, 3, 4, 8, generator=g)
    got = attention.apply_rope(x, torch.arange(4))
    feedback.expect_close(
        got.norm(dim=-1),
        x.norm(dim=-1),
        "norms of the vectors after RoPE",
        hint="RoPE only rotates: every pair (x_j, x_{j+d/2}) keeps its length",
    )
