"""Hidden checks for transformer.py: GPT-2's MLP and block, TinyGPT's layout, GPT-2 weights
for several random-init configurations, and parameter counts against transformers (GPT-2
sizes and GPT-3 175B, built on the meta device: no memory, no download)."""

import pytest
import torch
import torch.nn.functional as F

from grader.core import checking, feedback, target

transformer = target.module("t2_attention.transformer")

_gen = checking.generator
_gpt2_config = checking.gpt2_config
_randomise = checking.randomise


def _random_gpt2(seed, **sizes):
    from transformers import GPT2LMHeadModel

    torch.manual_seed(seed)
    return _randomise(GPT2LMHeadModel(_gpt2_config(**sizes)), seed).eval()


def _tiny_gpt_like(config):
    return transformer.TinyGPT(
        vocab_size=config.vocab_size,
        context_length=config.n_positions,
        d_model=config.n_embd,
        n_layers=config.n_layer,
        n_heads=config.n_head,
        d_hidden=config.n_inner,
    )


LOAD_HINT = (
    "copy wte, wpe, ln_1, ln_2, ln_f as they are; transpose every Conv1D weight "
    "(c_attn, attn.c_proj, mlp.c_fc, mlp.c_proj: stored (in, out)); split c_attn's "
    "weight COLUMNS and its bias into [q | k | v], each d_model wide"
)


# ---------------------------------------------------------------- feed-forward


@pytest.mark.points(1)
def test_feed_forward_uses_gelu_tanh():
    """FeedForward: c_fc (d → d_hidden), GELU with the tanh approximation, c_proj (d_hidden → d)"""
    torch.manual_seed(0)
    mlp = _randomise(transformer.FeedForward(8, 12), 1)
    feedback.expect(
        isinstance(mlp.c_fc, torch.nn.Linear) and isinstance(mlp.c_proj, torch.nn.Linear),
        "FeedForward.c_fc and c_proj must be nn.Linear layers",
    )
    feedback.expect_equal(
        (
            mlp.c_fc.in_features,
            mlp.c_fc.out_features,
            mlp.c_proj.in_features,
            mlp.c_proj.out_features,
        ),
        (8, 12, 12, 8),
        "(c_fc in, c_fc out, c_proj in, c_proj out) of FeedForward(8, 12)",
    )
    x = torch.randn(4, 3, 8, generator=_gen(2)) * 2
    with torch.no_grad():
        expected = mlp.c_proj(F.gelu(mlp.c_fc(x), approximate="tanh"))
        feedback.expect_close(
            mlp(x),
            expected,
            "FeedForward(8, 12) output",
            atol=1e-6,
            rtol=1e-6,
            hint="GPT-2 uses GELU's tanh approximation: "
            "nn.GELU(approximate='tanh'), not the exact erf GELU or ReLU",
        )


# ---------------------------------------------------------------- block


def _gpt2_block_like(mine, d, heads, hidden):
    from transformers.models.gpt2.modeling_gpt2 import GPT2Block

    config = _gpt2_config(n_embd=d, n_head=heads, n_inner=hidden)
    config._attn_implementation = "eager"
    theirs = GPT2Block(config, layer_idx=0).eval()
    a = mine.attn
    with torch.no_grad():
        theirs.ln_1.load_state_dict(mine.ln_1.state_dict())
        theirs.ln_2.load_state_dict(mine.ln_2.state_dict())
        theirs.attn.c_attn.weight.copy_(
            torch.cat([a.q_proj.weight, a.k_proj.weight, a.v_proj.weight]).T
        )
        theirs.attn.c_attn.bias.copy_(torch.cat([a.q_proj.bias, a.k_proj.bias, a.v_proj.bias]))
        for conv, lin in (
            (theirs.attn.c_proj, a.o_proj),
            (theirs.mlp.c_fc, mine.mlp.c_fc),
            (theirs.mlp.c_proj, mine.mlp.c_proj),
        ):
            conv.weight.copy_(lin.weight.T)
            conv.bias.copy_(lin.bias)
    return theirs


def _additive_causal(seq, attention_mask=None):
    allowed = torch.ones(seq, seq, dtype=torch.bool).tril()[None, None]
    if attention_mask is not None:
        allowed = allowed & attention_mask.bool()[:, None, None, :]
    return torch.zeros(allowed.shape).masked_fill(~allowed, torch.finfo(torch.float32).min)


@pytest.mark.points(1)
def test_block_layout():
    """TransformerBlock has ln_1, attn, ln_2, mlp of the right kinds and sizes"""
    block = transformer.TransformerBlock(16, 4, 40)
    attention = target.module("t2_attention.attention")
    feedback.expect(
        isinstance(block.ln_1, torch.nn.LayerNorm) and isinstance(block.ln_2, torch.nn.LayerNorm),
        "ln_1 and ln_2 must be two separate nn.LayerNorm(d_model)",
        hint="two LayerNorms with their own weights, one before each sub-layer",
    )
    feedback.expect(block.ln_1 is not block.ln_2, "ln_1 and ln_2 must be two different modules")
    feedback.expect(
        isinstance(block.attn, attention.MultiHeadSelfAttention) and block.attn.n_heads == 4,
        "attn must be MultiHeadSelfAttention(d_model, n_heads) with 4 heads",
    )
    feedback.expect(
        isinstance(block.mlp, transformer.FeedForward) and block.mlp.c_fc.out_features == 40,
        "mlp must be FeedForward(d_model, d_hidden) with d_hidden = 40",
    )


@pytest.mark.points(2)
def test_block_matches_gpt2_block_with_padding():
    """TransformerBlock equals GPT2Block (4 heads, d_hidden 48), also with a padding mask"""
    torch.manual_seed(0)
    mine = _randomise(transformer.TransformerBlock(32, 4, 48), 5).eval()
    theirs = _gpt2_block_like(mine, 32, 4, 48)
    x = torch.randn(2, 7, 32, generator=_gen(6))
    with torch.no_grad():
        expected = theirs(x, attention_mask=_additive_causal(7))
        expected = expected[0] if isinstance(expected, tuple) else expected
        feedback.expect_close(
            mine(x),
            expected,
            "TransformerBlock(32, 4, 48) vs GPT2Block",
            hint="x = x + attn(ln_1(x)); x = x + mlp(ln_2(x)): pre-LayerNorm, "
            "a residual around each sub-layer, causal attention",
        )
        pad = torch.tensor([[0, 0, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]])  # left padding
        expected = theirs(x, attention_mask=_additive_causal(7, pad))
        expected = expected[0] if isinstance(expected, tuple) else expected
        got = mine(x, attention_mask=pad)
    real = pad.bool()
    feedback.expect_close(
        got[real],
        expected[real],
        "TransformerBlock with left padding vs GPT2Block, at real tokens",
        hint="pass attention_mask on to self.attn(..., attention_mask=...)",
    )


# ---------------------------------------------------------------- TinyGPT


@pytest.mark.points(1)
def test_tiny_gpt_layout():
    """TinyGPT: wte, wpe, blocks, ln_f, a tied lm_head; d_hidden defaults to 4 * d_model"""
    model = transformer.TinyGPT(vocab_size=30, context_length=9, d_model=16, n_layers=3, n_heads=2)
    feedback.expect_equal(tuple(model.wte.weight.shape), (30, 16), "shape of wte.weight")
    feedback.expect_equal(
        tuple(model.wpe.weight.shape),
        (9, 16),
        "shape of wpe.weight",
        hint="one learned vector per position: nn.Embedding(context_length, d)",
    )
    feedback.expect_equal(len(model.blocks), 3, "number of blocks")
    feedback.expect(
        isinstance(model.blocks, torch.nn.ModuleList),
        "blocks must be an nn.ModuleList (so its parameters are registered)",
    )
    feedback.expect_equal(
        model.blocks[0].mlp.c_fc.out_features,
        64,
        "d_hidden of TinyGPT(d_model=16) without d_hidden",
        hint="d_hidden defaults to 4 * d_model",
    )
    feedback.expect(isinstance(model.ln_f, torch.nn.LayerNorm), "ln_f must be an nn.LayerNorm")
    feedback.expect(
        model.lm_head.weight is model.wte.weight,
        "lm_head must be tied to wte",
        hint="self.lm_head.weight = self.wte.weight",
    )
    feedback.expect(getattr(model.lm_head, "bias", None) is None, "lm_head must have no bias")


GPT2_SIZES = [
    pytest.param(
        dict(n_layer=2, n_embd=32, n_head=4, vocab_size=97, n_positions=24), id="L2-d32-h4"
    ),
    pytest.param(
        dict(n_layer=3, n_embd=48, n_head=3, vocab_size=61, n_positions=16, n_inner=80),
        id="L3-d48-h3-inner80",
    ),
    pytest.param(
        dict(n_layer=1, n_embd=16, n_head=1, vocab_size=50, n_positions=8), id="L1-d16-h1"
    ),
    pytest.param(
        dict(n_layer=4, n_embd=24, n_head=8, vocab_size=40, n_positions=12, n_inner=24),
        id="L4-d24-h8-inner24",
    ),
]


@pytest.mark.points(2)
@pytest.mark.parametrize("sizes", GPT2_SIZES)
def test_load_gpt2_weights_for_random_configs(sizes):
    """load_gpt2_weights: TinyGPT's logits equal GPT2LMHeadModel's for a random-init config"""
    hf = _random_gpt2(sum(sizes.values()), **sizes)
    torch.manual_seed(1)
    model = transformer.load_gpt2_weights(_tiny_gpt_like(hf.config), hf)
    feedback.expect(
        model is not None, "load_gpt2_weights must return the model", hint="end with `return model`"
    )
    ids = torch.randint(0, sizes["vocab_size"], (3, sizes["n_positions"]), generator=_gen(8))
    with torch.no_grad():
        expected = hf(ids).logits
        got = model.eval()(ids)
        feedback.expect_close(
            got, expected, f"logits of TinyGPT vs GPT2LMHeadModel, {sizes}", hint=LOAD_HINT
        )
        feedback.expect_close(
            model(ids[:, :3]),
            hf(ids[:, :3]).logits,
            "logits for a 3-token input (shorter than the context)",
            hint="add the position embeddings of positions 0..T-1 only",
        )


@pytest.mark.points(1)
def test_loaded_head_stays_tied():
    """after loading, lm_head is still the token embedding, which holds GPT-2's wte"""
    sizes = dict(n_layer=1, n_embd=16, n_head=2, vocab_size=33, n_positions=8)
    hf = _random_gpt2(9, **sizes)
    model = transformer.load_gpt2_weights(_tiny_gpt_like(hf.config), hf)
    feedback.expect(
        model.lm_head.weight is model.wte.weight,
        "after load_gpt2_weights, lm_head.weight is no longer wte.weight",
        hint="copy into the existing parameters (model.wte.weight.copy_(...)) under "
        "torch.no_grad() instead of assigning new nn.Parameters",
    )
    feedback.expect_close(model.lm_head.weight, hf.lm_head.weight, "lm_head weight after loading")
    param_count = sum(p.numel() for p in model.parameters())
    feedback.expect_equal(
        param_count, sum(p.numel() for p in hf.parameters()), "number of parameters after loading"
    )


@pytest.mark.points(1)
def test_loaded_model_with_left_padding():
    """a left-padded batch with attention_mask gives GPT-2's logits at the real tokens"""
    sizes = dict(n_layer=2, n_embd=24, n_head=3, vocab_size=45, n_positions=10)
    hf = _random_gpt2(10, **sizes)
    model = transformer.load_gpt2_weights(_tiny_gpt_like(hf.config), hf).eval()
    ids = torch.randint(0, 45, (2, 10), generator=_gen(11))
    mask = torch.tensor([[1] * 10, [0] * 4 + [1] * 6])  # left padding: causality alone won't do
    with torch.no_grad():
        expected = hf(ids, attention_mask=mask).logits
        got = model(ids, attention_mask=mask)
    real = mask.bool()
    what = "TinyGPT(ids, attention_mask) vs GPT-2 at the real tokens"
    if (
        isinstance(got, torch.Tensor)
        and got.shape == expected.shape
        and not torch.isfinite(got[real]).all()
    ):
        feedback.fail(
            f"TinyGPT(ids, attention_mask), left padding: NaN in the logits at real "
            f"tokens{_fully_masked_nan_diagnosis()}",
            hint="under the causal mask a padding query sees no key: softmax of all "
            "-inf is NaN, and the next layer spreads it (0 × NaN = NaN); give such "
            "rows zero weights: weights.masked_fill(~mask.any(-1, keepdim=True), 0)",
        )
    feedback.expect_close(
        got[real],
        expected[real],
        what,
        hint="pass attention_mask to every block, and each block to its attn",
    )


def _fully_masked_nan_diagnosis() -> str:
    """Where the NaN come from, if the learner's attention makes them from a fully masked row."""
    attention = target.module("t2_attention.attention")
    q, k, v = (torch.randn(1, 3, 4, generator=_gen(s)) for s in (1, 2, 3))
    mask = torch.tensor([[True, False, False], [False, False, False], [True, True, True]])
    try:
        out = attention.scaled_dot_product_attention(q, k, v, mask)
    except Exception:  # noqa: BLE001 - only a diagnosis; the checks of task 1 report it
        return ""
    if isinstance(out, torch.Tensor) and not torch.isfinite(out).all():
        return (
            ", from fully masked rows: your attention gives NaN for a query with every key hidden"
        )
    return ""


# ---------------------------------------------------------------- parameter count


def _meta_gpt2_count(**sizes) -> int:
    from transformers import GPT2LMHeadModel

    with torch.device("meta"):
        model = GPT2LMHeadModel(_gpt2_config(**sizes))
    return sum(p.numel() for p in model.parameters())


@pytest.mark.points(2)
def test_count_parameters_of_the_gpt2_family():
    """count_parameters equals transformers' GPT-2 small, medium, large and XL exactly"""
    for name, layers, d in (
        ("small", 12, 768),
        ("medium", 24, 1024),
        ("large", 36, 1280),
        ("XL", 48, 1600),
    ):
        expected = _meta_gpt2_count(
            n_layer=layers, n_embd=d, n_head=16, vocab_size=50257, n_positions=1024
        )
        got = transformer.count_parameters(50257, 1024, d, layers)
        feedback.expect(
            isinstance(got, int),
            "count_parameters must return an int",
            expected="int",
            got=type(got).__name__,
            hint="use integer arithmetic (// not /), no floats",
        )
        feedback.expect_equal(
            got,
            expected,
            f"count_parameters for GPT-2 {name} ({layers} layers, d_model {d})",
            hint="the tied head adds no parameter; do not forget biases, "
            "LayerNorms (2 per block + ln_f) and position embeddings",
        )


@pytest.mark.points(1)
def test_count_parameters_with_d_hidden():
    """count_parameters with an explicit d_hidden equals TinyGPT's and GPT-2's parameters"""
    for vocab, ctx, d, layers, hidden in (
        (13, 5, 8, 1, 3),
        (200, 64, 40, 5, 100),
        (7, 3, 4, 2, None),
    ):
        expected = sum(
            p.numel() for p in transformer.TinyGPT(vocab, ctx, d, layers, 2, hidden).parameters()
        )
        feedback.expect_equal(
            transformer.count_parameters(vocab, ctx, d, layers, hidden),
            expected,
            f"count_parameters({vocab}, {ctx}, {d}, {layers}, d_hidden={hidden})",
            hint="the MLP has d*h + h + h*d + d parameters with h = d_hidden "
            "(4 * d_model when None)",
        )
        feedback.expect_equal(
            expected,
            _meta_gpt2_count(
                n_layer=layers,
                n_embd=d,
                n_head=2,
                vocab_size=vocab,
                n_positions=ctx,
                n_inner=hidden,
            ),
            f"TinyGPT({vocab}, {ctx}, {d}, {layers}, 2, {hidden}) parameters vs GPT-2's",
            hint="TinyGPT must have exactly GPT-2's parameters (head tied)",
        )


@pytest.mark.points(1)
def test_count_parameters_of_gpt3_exactly():
    """GPT-3 175B: count_parameters equals a GPT-2-style model of that size built on the meta device"""
    expected = _meta_gpt2_count(
        n_layer=96, n_embd=12288, n_head=96, vocab_size=50257, n_positions=2048
    )
    got = transformer.count_parameters(50257, 2048, 12288, 96)
    feedback.expect_equal(
        got,
        expected,
        "parameters of GPT-3 175B (96 layers, d_model 12288)",
        hint="per layer 12*d^2 + 13*d; plus (vocab + context)*d + 2*d",
    )
