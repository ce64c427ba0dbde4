"""Visible tests for sft.py: a few steps of run_sft with trl, full and LoRA.

The hidden checks train longer and look at what the fine-tuned model says on held-out prompts.
"""

import pytest
import torch

from grader.core import feedback, target, topics
from grader.core import labels as label_diff

sft = target.module("t4_finetuning.sft")


def _base():
    return sft.load_base_model(topics.project_root() / "data" / "t3_base_model")


def _conversations(n=16):
    return sft.load_conversations("train", topics.project_root() / "data").select(range(n))


@pytest.mark.timeout(180)
@pytest.mark.points(2)
def test_run_sft_sees_assistant_only_labels(tmp_path):
    """during run_sft, the labels reaching the model mask everything but the assistant's tokens"""
    model, tokenizer = _base()
    data = _conversations()
    expected = {}
    for messages in data["messages"]:
        enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True,
                                            return_assistant_tokens_mask=True)
        ids = list(enc["input_ids"])[:128]
        expected[tuple(ids)] = [t if m else -100 for t, m in zip(ids, enc["assistant_masks"])]
    seen = []

    def record(module, args, kwargs):
        if kwargs.get("labels") is not None:
            seen.append((kwargs["input_ids"].clone(), kwargs["labels"].clone(), kwargs["attention_mask"].clone()))

    hook = model.register_forward_pre_hook(record, with_kwargs=True)
    try:
        out = sft.run_sft(model, tokenizer, data, tmp_path, max_steps=2, learning_rate=1e-3,
                          max_length=128)
    finally:
        hook.remove()
    feedback.expect(out is model, "run_sft should return the model it trained (in place)")
    feedback.expect(len(seen) == 2, "two training steps should call the model twice with labels",
                    expected=2, got=len(seen), hint="SFTConfig(max_steps=max_steps, ...)")
    for ids, labels, mask in seen:
        for b in range(ids.shape[0]):
            n = int(mask[b].sum())
            row = tuple(ids[b, :n].tolist())
            feedback.expect(row in expected, "a training row is not a templated conversation",
                            expected="the tokens of render_chat(messages), cut to max_length",
                            got=tokenizer.decode(list(row))[:120],
                            hint="map each row with tokenize_for_sft(row['messages'], tokenizer, max_length)")
            got = labels[b, :n].tolist()
            if got != expected[row]:
                diff = label_diff.diagnose(row, expected[row], got, tokenizer)
                feedback.fail(f"labels of a training row differ from transformers' assistant mask "
                              f"{diff.where}", hint=label_diff.training_hint(diff))


@pytest.mark.timeout(180)
@pytest.mark.points(2)
def test_run_sft_with_lora_keeps_the_base_weights(tmp_path):
    """with LoRA, run_sft trains the adapters only: the base weights are bit-identical afterwards"""
    model, tokenizer = _base()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    sft.run_sft(model, tokenizer, _conversations(), tmp_path, max_steps=2, learning_rate=1e-2,
                lora={"target_modules": ["q_proj", "v_proj"], "r": 4, "alpha": 8}, max_length=128)
    state = model.state_dict()
    for name, value in before.items():
        module, _, leaf = name.rpartition(".")
        now = state.get(name, state.get(f"{module}.base.{leaf}"))
        feedback.expect(now is not None and torch.equal(now, value),
                        f"base weight {name} after LoRA training",
                        hint="run_sft(..., lora=...) must call apply_lora(model, **lora) first")
    moved = [n for n, v in state.items() if n.endswith("lora_B") and v.abs().sum() > 0]
    feedback.expect(len(moved) == 8, "every lora_B (q_proj and v_proj of 4 layers) should have moved",
                    expected=8, got=len(moved))
