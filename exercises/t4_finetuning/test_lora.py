"""Visible tests for lora.py: LoRALinear against peft, and apply_lora's parameter budget."""

import copy
from collections import OrderedDict

import pytest
import torch
from torch import nn

from grader.core import feedback, target

lora = target.module("t4_finetuning.lora")


@pytest.mark.points(1)
def test_lora_linear_starts_as_the_base_layer():
    """LoRALinear(base) computes base(x) before training: lora_B starts at zero, the base is frozen"""
    torch.manual_seed(0)
    base = nn.Linear(16, 8)
    layer = lora.LoRALinear(base, r=4, alpha=8)
    x = torch.randn(3, 16)
    with torch.no_grad():
        feedback.expect_close(layer(x), base(x), "LoRALinear(base)(x) at init", atol=0, rtol=0,
                              hint="lora_B = zeros (out, r); output = base(x) + scaling * x @ A.T @ B.T")
    feedback.expect(not any(p.requires_grad for p in base.parameters()),
                    "the wrapped base layer must be frozen", hint="requires_grad_(False)")


@pytest.mark.points(2)
def test_lora_linear_matches_peft():
    """given the same A and B, LoRALinear equals peft's LoRA layer, and merge() equals both"""
    import peft

    torch.manual_seed(1)
    base = nn.Linear(12, 6)
    peft_model = peft.get_peft_model(nn.Sequential(OrderedDict(proj=copy.deepcopy(base))),
                                     peft.LoraConfig(r=4, lora_alpha=12, target_modules=["proj"]))
    theirs = peft_model.base_model.model.proj
    mine = lora.LoRALinear(copy.deepcopy(base), r=4, alpha=12)
    a, b = torch.randn(4, 12), torch.randn(6, 4)
    with torch.no_grad():
        for target_a, target_b in ((mine.lora_A, mine.lora_B),
                                   (theirs.lora_A["default"].weight, theirs.lora_B["default"].weight)):
            target_a.copy_(a)
            target_b.copy_(b)
        x = torch.randn(2, 5, 12)
        feedback.expect_close(mine(x), theirs(x), "LoRALinear vs peft (r=4, alpha=12)", atol=1e-5,
                              hint="scaling = alpha / r; lora_A is (r, in), lora_B is (out, r)")
        feedback.expect_close(mine.merge()(x), theirs(x), "merge()(x) vs the LoRA layer", atol=1e-5,
                              hint="merged weight = W + scaling * B @ A")


@pytest.mark.points(1)
def test_apply_lora_counts_like_peft():
    """apply_lora returns peft's number of trainable parameters on a tiny Llama"""
    import peft
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(2)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=50, hidden_size=32, intermediate_size=64,
                                         num_hidden_layers=2, num_attention_heads=4,
                                         num_key_value_heads=4, max_position_embeddings=32))
    want = peft.get_peft_model(copy.deepcopy(model), peft.LoraConfig(
        r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"])).get_nb_trainable_parameters()[0]
    got = lora.apply_lora(model, ["q_proj", "v_proj"], r=4, alpha=8)
    feedback.expect_equal(got, want, "trainable parameters after apply_lora(model, ['q_proj', 'v_proj'], 4, 8)",
                          hint="freeze everything, wrap each matching nn.Linear, count requires_grad elements")
