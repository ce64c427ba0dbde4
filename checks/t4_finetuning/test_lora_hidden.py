"""Hidden checks for lora.py: LoRALinear and apply_lora against peft's LoRA."""

import copy
import math
from collections import OrderedDict

import pytest
import torch
from torch import nn

from grader.core import feedback, target

lora = target.module("t4_finetuning.lora")


def _peft_layer(base: nn.Linear, r: int, alpha: float, dropout: float = 0.0):
    """peft's LoRA layer around a copy of ``base`` (through get_peft_model on a one-layer module)."""
    import peft

    wrapper = peft.get_peft_model(
        nn.Sequential(OrderedDict(proj=copy.deepcopy(base))),
        peft.LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=["proj"]),
    )
    return wrapper.base_model.model.proj


def _pair(in_f=24, out_f=10, r=4, alpha=12, dropout=0.0, seed=0, bias=True):
    """Our layer and peft's around the same base, given the same random A and B."""
    torch.manual_seed(seed)
    base = nn.Linear(in_f, out_f, bias=bias)
    theirs = _peft_layer(base, r, alpha, dropout)
    mine = lora.LoRALinear(copy.deepcopy(base), r, alpha, dropout)
    gen = torch.Generator().manual_seed(seed + 1)
    a, b = torch.randn(r, in_f, generator=gen), torch.randn(out_f, r, generator=gen)
    with torch.no_grad():
        theirs.lora_A["default"].weight.copy_(a)
        theirs.lora_B["default"].weight.copy_(b)
        feedback.expect(
            tuple(mine.lora_A.shape) == (r, in_f) and tuple(mine.lora_B.shape) == (out_f, r),
            f"shapes of lora_A and lora_B for nn.Linear({in_f}, {out_f}), r={r}",
            expected=((r, in_f), (out_f, r)),
            got=(tuple(mine.lora_A.shape), tuple(mine.lora_B.shape)),
            hint="lora_A is (r, in_features), lora_B is (out_features, r), as in peft",
        )
        mine.lora_A.copy_(a)
        mine.lora_B.copy_(b)
    return base, mine, theirs


# ---------------------------------------------------------------- LoRALinear


@pytest.mark.points(2)
def test_lora_linear_is_the_base_layer_at_init():
    """at init LoRALinear computes exactly what the base layer computes (B = 0), and only A, B train"""
    torch.manual_seed(3)
    base = nn.Linear(32, 16)
    layer = lora.LoRALinear(base, r=8, alpha=16)
    x = torch.randn(4, 7, 32)
    feedback.expect(
        torch.equal(layer.lora_B.detach(), torch.zeros(16, 8)),
        "lora_B must start at zero",
        got=layer.lora_B,
        hint="nn.init.zeros_ / torch.zeros: a random B would change the model before "
        "any training (the mask must start invisible)",
    )
    with torch.no_grad():
        feedback.expect_close(
            layer(x),
            base(x),
            "LoRALinear(base)(x) right after construction",
            atol=0,
            rtol=0,
            hint="output = base(x) + scaling * dropout(x) @ A.T @ B.T",
        )
    frozen = [n for n, p in layer.base.named_parameters() if p.requires_grad]
    feedback.expect(
        not frozen,
        "every parameter of the wrapped base layer must be frozen",
        got=frozen,
        hint="p.requires_grad_(False) for p in base.parameters()",
    )
    feedback.expect(
        layer.lora_A.requires_grad and layer.lora_B.requires_grad,
        "lora_A and lora_B must be trainable nn.Parameters",
    )
    trainable = sum(p.numel() for p in layer.parameters() if p.requires_grad)
    feedback.expect_equal(
        trainable,
        8 * (32 + 16),
        "trainable parameters of LoRALinear(Linear(32, 16), r=8)",
        hint="r * (in + out): only lora_A and lora_B",
    )


@pytest.mark.points(1)
def test_lora_a_starts_random_like_peft():
    """lora_A starts Kaiming-uniform (bound 1/sqrt(in_features)), like peft, so that B gets gradients"""
    torch.manual_seed(4)
    layer = lora.LoRALinear(nn.Linear(400, 8), r=16, alpha=16)
    a = layer.lora_A.detach()
    bound = 1 / math.sqrt(400)
    feedback.expect(
        a.abs().max() <= bound + 1e-6 and a.std() > 0.8 * bound / math.sqrt(3),
        f"lora_A should be uniform in [-{bound:.3f}, {bound:.3f}] (std {bound / math.sqrt(3):.4f})",
        got=f"max |A| {a.abs().max():.4f}, std {a.std():.4f}",
        hint="nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5)); with A = 0 too, "
        "B's gradient is 0 and LoRA never learns",
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "in_f, out_f, r, alpha, bias",
    [(24, 10, 4, 12, True), (16, 16, 8, 8, False), (40, 6, 2, 32, True)],
    ids=["alpha=3r", "alpha=r-square", "alpha=16r"],
)
def test_lora_linear_matches_peft(in_f, out_f, r, alpha, bias):
    """given the same A and B, LoRALinear's output and gradients equal peft's LoRA layer"""
    _, mine, theirs = _pair(in_f, out_f, r, alpha, bias=bias)
    x = torch.randn(3, 5, in_f, generator=torch.Generator().manual_seed(7))
    got, want = mine(x), theirs(x)
    feedback.expect_close(
        got,
        want,
        f"output with r={r}, alpha={alpha}",
        atol=1e-5,
        hint=f"scaling = alpha / r = {alpha / r:g} (not r / alpha, not alpha); "
        "output = base(x) + scaling * (dropout(x) @ A.T @ B.T)",
    )
    got.square().sum().backward()
    want.square().sum().backward()
    feedback.expect_close(
        mine.lora_B.grad,
        theirs.lora_B["default"].weight.grad,
        "gradient of lora_B",
        atol=1e-4,
        rtol=1e-4,
    )
    feedback.expect_close(
        mine.lora_A.grad,
        theirs.lora_A["default"].weight.grad,
        "gradient of lora_A",
        atol=1e-4,
        rtol=1e-4,
    )


@pytest.mark.points(1)
def test_lora_dropout_acts_on_the_input_of_the_update():
    """in training mode, dropout hits the input of the low-rank path only, as in peft"""
    _, mine, theirs = _pair(20, 12, 4, 8, dropout=0.5, seed=5)
    mine.train()
    theirs.train()
    x = torch.randn(6, 20, generator=torch.Generator().manual_seed(8))
    torch.manual_seed(123)
    want = theirs(x)
    torch.manual_seed(123)
    got = mine(x)
    feedback.expect_close(
        got,
        want,
        "output in training mode with dropout=0.5 (same random seed as peft)",
        atol=1e-5,
        hint="base(x) + scaling * (self.dropout(x) @ A.T @ B.T): the "
        "base path is never dropped, and the dropout is applied to x "
        "(one call), not to the update",
    )
    mine.eval()
    with torch.no_grad():
        feedback.expect_close(
            mine(x), theirs.eval()(x), "output in eval mode (no dropout)", atol=1e-5
        )


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "in_f, out_f, bias", [(24, 10, True), (16, 16, False)], ids=["24x10", "square"]
)
def test_merge_folds_the_update_into_one_linear(in_f, out_f, bias):
    """merge() returns a plain nn.Linear equal to the LoRA layer and to peft's merge; the base is untouched"""
    _, mine, theirs = _pair(in_f, out_f, 4, 12, seed=6, bias=bias)
    before = copy.deepcopy(mine.base.state_dict())
    merged = mine.merge()
    feedback.expect(
        type(merged) is nn.Linear, "merge() must return an nn.Linear", got=type(merged).__name__
    )
    x = torch.randn(5, in_f, generator=torch.Generator().manual_seed(9))
    with torch.no_grad():
        feedback.expect_close(
            merged(x),
            mine(x),
            "merged(x) vs the LoRA layer's output",
            atol=1e-5,
            hint="weight = W + scaling * B @ A (out × in), bias = the base's bias",
        )
        theirs.merge()
        feedback.expect_close(
            merged.weight, theirs.base_layer.weight, "merged weight vs peft's merge()", atol=1e-5
        )
    for key, value in mine.base.state_dict().items():
        feedback.expect(
            torch.equal(value, before[key]),
            f"merge() changed the wrapped base layer's {key}",
            hint="build a new nn.Linear and copy W + scaling * B @ A into it",
        )
    feedback.expect_equal(
        merged.bias is None,
        not bias,
        "whether the merged layer has a bias",
        hint="nn.Linear(in, out, bias=base.bias is not None)",
    )


# ---------------------------------------------------------------- apply_lora


def _tiny_llama(seed=0):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    return LlamaForCausalLM(
        LlamaConfig(
            vocab_size=64,
            hidden_size=32,
            intermediate_size=48,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=64,
        )
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "targets, r, alpha",
    [
        (["q_proj", "v_proj"], 4, 8),
        (["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], 2, 4),
    ],
    ids=["attention-qv", "all-linear"],
)
def test_apply_lora_matches_peft(targets, r, alpha):
    """apply_lora wraps the same modules as peft, returns peft's trainable count, and freezes the rest"""
    import peft

    model = _tiny_llama()
    reference = peft.get_peft_model(
        copy.deepcopy(model), peft.LoraConfig(r=r, lora_alpha=alpha, target_modules=targets)
    )
    want_count = reference.get_nb_trainable_parameters()[0]
    want_names = sorted(
        n.removeprefix("base_model.model.")
        for n, m in reference.named_modules()
        if isinstance(m, peft.tuners.lora.Linear)
    )
    ids = torch.randint(0, 64, (2, 9), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        before = model(ids).logits
    count = lora.apply_lora(model, targets, r, alpha)
    got_names = sorted(n for n, m in model.named_modules() if isinstance(m, lora.LoRALinear))
    feedback.expect_equal(
        got_names,
        want_names,
        f"modules wrapped for target_modules={targets}",
        hint="wrap every nn.Linear whose name's last part is in target_modules "
        "(all layers), replacing it on its parent with setattr",
    )
    feedback.expect_equal(
        count,
        want_count,
        "apply_lora's return value (trainable parameters)",
        hint="freeze every parameter of the model first, then count "
        "p.numel() for the parameters with requires_grad: the lora_A and lora_B only",
    )
    trainable = sorted(n for n, p in model.named_parameters() if p.requires_grad)
    stray = [n for n in trainable if not n.endswith(("lora_A", "lora_B"))]
    feedback.expect(
        not stray,
        "only lora_A and lora_B may require gradients after apply_lora",
        got=stray[:4],
        hint="embeddings, norms and the head must be frozen too",
    )
    feedback.expect_equal(
        sum(p.numel() for p in model.parameters() if p.requires_grad),
        count,
        "the count returned vs the model's parameters that require gradients",
    )
    with torch.no_grad():
        feedback.expect_close(
            model(ids).logits,
            before,
            "the model's logits right after apply_lora",
            atol=1e-6,
            hint="LoRA starts as the identity (B = 0)",
        )
