"""Visible tests for transformer.py: MLP, block, TinyGPT, GPT-2 weights, parameter count.

Run them with ``pytest exercises/t2_attention/test_transformer.py`` (or ``llm-grader check 2``).
"""

import pytest
import torch

from grader.core import checking, feedback, target

transformer = target.module("t2_attention.transformer")

_gen = checking.generator
_gpt2_config = checking.gpt2_config
_randomise = checking.randomise


@torch.no_grad()
def _copy_conv1d(conv, linear):
    """transformers' Conv1D stores (in, out); nn.Linear stores (out, in)."""
    conv.weight.copy_(linear.weight.T)
    conv.bias.copy_(linear.bias)


# ---------------------------------------------------------------- feed-forward (task 6)


@pytest.mark.points(1)
def test_feed_forward_matches_gpt2_mlp():
    """FeedForward equals transformers' GPT2MLP with the same weights (GELU, tanh approximation)"""
    from transformers.models.gpt2.modeling_gpt2 import GPT2MLP

    torch.manual_seed(0)
    mine = _randomise(transformer.FeedForward(16, 40), 1)
    theirs = GPT2MLP(40, _gpt2_config(n_embd=16)).eval()
    _copy_conv1d(theirs.c_fc, mine.c_fc)
    _copy_conv1d(theirs.c_proj, mine.c_proj)
    x = torch.randn(2, 5, 16, generator=_gen(2))
    with torch.no_grad():
        feedback.expect_close(mine(x), theirs(x), "FeedForward(16, 40) vs GPT2MLP",
                              hint="c_proj(gelu(c_fc(x))) with nn.GELU(approximate='tanh'), "
                                   "GPT-2's 'gelu_new' (the exact erf GELU differs by ~1e-3)")


# ---------------------------------------------------------------- block (task 7)


@pytest.mark.points(2)
def test_block_matches_gpt2_block():
    """TransformerBlock equals transformers' GPT2Block with the same weights (pre-LayerNorm)"""
    from transformers.models.gpt2.modeling_gpt2 import GPT2Block

    torch.manual_seed(0)
    mine = _randomise(transformer.TransformerBlock(16, 2, 64), 3).eval()
    config = _gpt2_config(n_embd=16, n_head=2, n_inner=64)
    config._attn_implementation = "eager"
    theirs = GPT2Block(config, layer_idx=0).eval()
    with torch.no_grad():
        theirs.ln_1.load_state_dict(mine.ln_1.state_dict())
        theirs.ln_2.load_state_dict(mine.ln_2.state_dict())
        a = mine.attn
        theirs.attn.c_attn.weight.copy_(torch.cat([a.q_proj.weight, a.k_proj.weight,
                                                   a.v_proj.weight]).T)
        theirs.attn.c_attn.bias.copy_(torch.cat([a.q_proj.bias, a.k_proj.bias, a.v_proj.bias]))
        _copy_conv1d(theirs.attn.c_proj, a.o_proj)
        _copy_conv1d(theirs.mlp.c_fc, mine.mlp.c_fc)
        _copy_conv1d(theirs.mlp.c_proj, mine.mlp.c_proj)
        x = torch.randn(2, 6, 16, generator=_gen(4))
        # a block on its own gets its causal mask from outside: additive, (B, 1, T, T)
        future = ~torch.ones(6, 6, dtype=torch.bool).tril()
        additive = torch.zeros(6, 6).masked_fill(future, torch.finfo(torch.float32).min)
        expected = theirs(x, attention_mask=additive[None, None])
        expected = expected[0] if isinstance(expected, tuple) else expected
        feedback.expect_close(mine(x), expected, "TransformerBlock(16, 2, 64) vs GPT2Block",
                              hint="pre-LayerNorm: x = x + attn(ln_1(x)); x = x + mlp(ln_2(x)) "
                                   "(normalise the input of each sub-layer, not its output)")


# ---------------------------------------------------------------- TinyGPT (task 8)


@pytest.mark.points(1)
def test_tiny_gpt_shapes_and_tied_head():
    """TinyGPT returns (B, T, vocab) logits and its LM head is the token embedding"""
    torch.manual_seed(0)
    model = transformer.TinyGPT(vocab_size=50, context_length=16, d_model=32, n_layers=2,
                                n_heads=4)
    ids = torch.randint(0, 50, (3, 10), generator=_gen(5))
    with torch.no_grad():
        logits = model(ids)
    feedback.expect_equal(tuple(logits.shape), (3, 10, 50), "shape of TinyGPT's logits",
                          hint="(batch, seq, vocab_size): lm_head maps d_model to vocab_size")
    feedback.expect(model.lm_head.weight is model.wte.weight,
                    "lm_head.weight must be the same tensor as wte.weight (tied)",
                    hint="after creating lm_head: self.lm_head.weight = self.wte.weight")


@pytest.mark.points(1)
def test_tiny_gpt_has_as_many_parameters_as_gpt2():
    """TinyGPT has exactly as many parameters as transformers' GPT-2 of the same size"""
    from transformers import GPT2LMHeadModel

    sizes = dict(vocab_size=50, context_length=16, d_model=32, n_layers=2, n_heads=4)
    mine = sum(p.numel() for p in transformer.TinyGPT(**sizes).parameters())
    theirs = sum(p.numel() for p in GPT2LMHeadModel(_gpt2_config(
        vocab_size=50, n_positions=16, n_embd=32, n_layer=2, n_head=4)).parameters())
    feedback.expect_equal(mine, theirs, "number of parameters of TinyGPT(50, 16, 32, 2, 4)",
                          hint="biases in every Linear, weight and bias in every LayerNorm, a "
                               "learned position embedding, and a head tied to wte (no extra "
                               "weight)")


# ---------------------------------------------------------------- GPT-2 weights (task 9)


@pytest.mark.points(3)
def test_load_gpt2_weights_gives_gpt2_logits():
    """after load_gpt2_weights, TinyGPT's logits equal GPT2LMHeadModel's (random-init config)"""
    from transformers import GPT2LMHeadModel

    torch.manual_seed(0)
    hf = _randomise(GPT2LMHeadModel(_gpt2_config(vocab_size=64, n_positions=20, n_embd=32,
                                                 n_layer=2, n_head=4)), 6).eval()
    model = transformer.TinyGPT(vocab_size=64, context_length=20, d_model=32, n_layers=2,
                                n_heads=4)
    loaded = transformer.load_gpt2_weights(model, hf)
    feedback.expect(loaded is model, "load_gpt2_weights must return the model it was given",
                    hint="end with `return model`")
    ids = torch.randint(0, 64, (2, 20), generator=_gen(7))
    with torch.no_grad():
        feedback.expect_close(
            model.eval()(ids), hf(ids).logits, "TinyGPT logits vs GPT2LMHeadModel logits",
            hint="Conv1D weights are (in, out): transpose them for nn.Linear; c_attn's output "
                 "is [q | k | v] along the features: split its weight columns and bias in "
                 "three, in that order",
        )


# ---------------------------------------------------------------- parameter count (task 10)


@pytest.mark.points(1)
def test_count_parameters_matches_tiny_gpt():
    """count_parameters equals the number of parameters of the TinyGPT of that size"""
    sizes = dict(vocab_size=70, context_length=12, d_model=24, n_layers=3)
    model = transformer.TinyGPT(n_heads=2, **sizes)
    expected = sum(p.numel() for p in model.parameters())
    feedback.expect_equal(transformer.count_parameters(**sizes), expected,
                          "count_parameters(vocab 70, context 12, d_model 24, 3 layers)",
                          hint="per block: 4 attention projections (d*d + d each), c_fc "
                               "(d*h + h), c_proj (h*d + d), two LayerNorms (2d each); plus "
                               "embeddings and ln_f; the tied head adds nothing")


@pytest.mark.points(1)
def test_count_parameters_of_gpt3():
    """GPT-3's published configuration gives 174.6 billion parameters (within 1%)"""
    got = transformer.count_parameters(vocab_size=50257, context_length=2048, d_model=12288,
                                       n_layers=96)
    feedback.expect(abs(got - 174.6e9) <= 0.01 * 174.6e9,
                    "count_parameters for GPT-3 175B (96 layers, d_model 12288, context 2048, "
                    "vocabulary 50257)", expected="174.6e9 ± 1%", got=got,
                    hint="d_hidden defaults to 4 * d_model; most parameters sit in the blocks: "
                         "about 12 * d_model^2 per layer")
