"""Hidden checks for sft.py: run_sft with trl, full and LoRA, on the topic-3 base model.

Two short runs train once per session (conftest.py: ``full_run`` and ``lora_run``); the
checks read what reached the model during training and what the trained models do on the
held-out prompts.
"""

import pytest
import torch

from grader.core import feedback, target
from grader.core import labels as label_diff

ref_chat = target.oracle("t4_finetuning.chat")
ref_sft = target.oracle("t4_finetuning.sft")

sft = target.module("t4_finetuning.sft")

# The two runs. The thresholds come from the reference (llm-grader check 4 --target solutions)
# with a margin; bench/t4_finetuning.py and the README give the longer runs.
FULL = {
    "max_steps": 48,
    "learning_rate": 2e-3,
    "max_length": 128,
    "min_stop": 0.8,
    "min_format": 0.8,
}
LORA = {
    "max_steps": 12,
    "learning_rate": 1e-2,
    "max_length": 128,
    "min_loss_drop": 0.5,
    "lora": {"target_modules": ["q_proj", "v_proj"], "r": 8, "alpha": 16},
}


def _train(base_path, out_dir, **kwargs):
    """run_sft (the code under test) on the training split, recording what reaches the model."""
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    model, tokenizer = ref_sft.load_base_model(base_path)
    batches, steps = [], []

    def on_forward(module, args, kwargs_):
        if module.training and kwargs_.get("labels") is not None:
            batches.append(
                {
                    k: v.detach().clone()
                    for k, v in kwargs_.items()
                    if k in ("input_ids", "labels", "attention_mask") and v is not None
                }
            )

    hooks = [
        model.register_forward_pre_hook(on_forward, with_kwargs=True),
        register_optimizer_step_pre_hook(
            lambda opt, a, k: steps.append([g["lr"] for g in opt.param_groups])
        ),
    ]
    try:
        trained = sft.run_sft(
            model, tokenizer, ref_sft.load_conversations("train"), out_dir, **kwargs
        )
    finally:
        for hook in hooks:
            hook.remove()
    feedback.expect(trained is not None, "run_sft must return the trained model", got=trained)
    return {"model": trained, "batches": batches, "optimizer_steps": steps}


@pytest.fixture(scope="session")
def full_run(base_path, tmp_path_factory):
    args = {k: FULL[k] for k in ("max_steps", "learning_rate", "max_length")}
    return _train(base_path, tmp_path_factory.mktemp("sft_full"), **args)


@pytest.fixture(scope="session")
def lora_run(base_path, tmp_path_factory):
    args = {k: LORA[k] for k in ("max_steps", "learning_rate", "max_length", "lora")}
    return _train(base_path, tmp_path_factory.mktemp("sft_lora"), **args)


@pytest.fixture(scope="session")
def base_model(base_path):
    return ref_sft.load_base_model(base_path)[0]


@pytest.fixture(scope="session")
def base_rates(base_model, tokenizer):
    held = list(ref_sft.load_conversations("heldout")["messages"])
    return ref_sft.reply_rates(
        ref_sft.generate_replies(base_model, tokenizer, held, max_new_tokens=64)
    )


def _assistant_loss(model, tokenizer, conversations, max_length=192):
    """Mean assistant-only next-token loss over ``conversations`` (reference labels)."""
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for messages in conversations:
            row = ref_chat.tokenize_for_sft(messages, tokenizer, max_length)
            ids = torch.tensor([row["input_ids"]])
            labels = torch.tensor([row["labels"]])
            n = int((labels[:, 1:] != -100).sum())
            total += model(input_ids=ids, labels=labels).loss.item() * n
            count += n
    return total / count


# ---------------------------------------------------------------- what training sees


@pytest.mark.timeout(300)
@pytest.mark.points(3)
def test_run_sft_trains_only_on_the_assistant_tokens(full_run, tokenizer):
    """every batch reaching the model holds templated conversations whose labels mask all but the assistant's tokens"""
    expected = {}
    for messages in ref_sft.load_conversations("train")["messages"]:
        row = ref_chat.tokenize_for_sft(messages, tokenizer, FULL["max_length"])
        expected[tuple(row["input_ids"])] = row["labels"]
    batches = full_run["batches"]
    feedback.expect(
        batches,
        "the model was never called with labels during run_sft",
        hint="train with trl.SFTTrainer(...).train() on the model you were given",
    )
    for batch in batches:
        ids, labels = batch["input_ids"], batch["labels"]
        mask = batch.get("attention_mask")
        for b in range(ids.shape[0]):
            length = int(mask[b].sum()) if mask is not None else ids.shape[1]
            row_ids = tuple(ids[b, :length].tolist())
            if row_ids not in expected:
                feedback.fail(
                    "a training row is not a conversation of the data set rendered with "
                    "CHAT_TEMPLATE and cut to max_length",
                    expected="the tokens of render_chat(messages)",
                    got=tokenizer.decode(list(row_ids))[:200],
                    hint="map every row with tokenize_for_sft(row['messages'], tokenizer, max_length)",
                )
            want = expected[row_ids]
            got = labels[b, :length].tolist()
            if got != want:
                diff = label_diff.diagnose(row_ids, want, got, tokenizer)
                feedback.fail(
                    f"labels reaching the model during training differ from the "
                    f"assistant-only labels {diff.where}",
                    hint=label_diff.training_hint(diff),
                )
            padding = labels[b, length:]
            feedback.expect(
                bool((padding == -100).all()),
                "labels of padding positions must be -100",
                got=padding,
            )


@pytest.mark.timeout(300)
@pytest.mark.points(1)
def test_run_sft_takes_max_steps_at_the_learning_rate(full_run):
    """run_sft takes exactly max_steps optimizer steps, at most at the given learning rate"""
    steps = full_run["optimizer_steps"]
    feedback.expect_equal(
        len(steps),
        FULL["max_steps"],
        f"optimizer steps taken by run_sft(..., max_steps={FULL['max_steps']})",
        hint="SFTConfig(max_steps=max_steps, ...)",
    )
    peak = max(max(lrs) for lrs in steps)
    feedback.expect(
        abs(peak - FULL["learning_rate"]) <= 1e-9 + 1e-6 * FULL["learning_rate"],
        f"the peak learning rate with learning_rate={FULL['learning_rate']}",
        expected=FULL["learning_rate"],
        got=peak,
        hint="pass learning_rate to SFTConfig (trl's default 2e-5 is far too small "
        "for a tiny model)",
    )


# ---------------------------------------------------------------- what the mask does


@pytest.mark.timeout(300)
@pytest.mark.points(4)
def test_fine_tuned_model_answers_in_the_house_style_and_stops(full_run, base_rates, tokenizer):
    """on held-out prompts the fine-tuned model answers in the house style and stops far more often than the base"""
    held = list(ref_sft.load_conversations("heldout")["messages"])
    replies = ref_sft.generate_replies(full_run["model"], tokenizer, held, max_new_tokens=64)
    rates = ref_sft.reply_rates(replies)
    sample = next((r["reply"] for r in replies if not r["stopped"]), replies[0]["reply"])
    context = (
        f"fine-tuned: {rates['format']:.0%} open with 'Happy to help!' and stop, "
        f"{rates['stop']:.0%} stop; base: {base_rates['format']:.0%} and {base_rates['stop']:.0%} "
        f"(a reply: {sample[:90]!r})"
    )
    feedback.expect(
        rates["stop"] >= FULL["min_stop"],
        f"after {FULL['max_steps']} SFT steps at lr {FULL['learning_rate']}, the model should "
        f"end its reply with <|im_end|> on at least {FULL['min_stop']:.0%} of the 60 held-out "
        f"prompts — {context}",
        hint="the <|im_end|> that closes each assistant turn must carry a label "
        "(tokenize_for_sft), and run_sft must train with the given learning_rate and max_steps",
    )
    feedback.expect(
        rates["format"] >= FULL["min_format"],
        f"at least {FULL['min_format']:.0%} of held-out replies should open in the assistant's "
        f"style ('Happy to help! …') and stop — {context}",
        hint="train on the assistant tokens of every turn, with the given learning rate",
    )
    feedback.expect(
        rates["stop"] - base_rates["stop"] >= 0.5,
        f"fine-tuning should raise the stop rate by at least 50 points — {context}",
    )


@pytest.mark.timeout(300)
@pytest.mark.points(1)
def test_fine_tuning_lowers_the_held_out_assistant_loss(full_run, base_model, tokenizer):
    """the fine-tuned model predicts held-out assistant replies far better than the base model"""
    held = list(ref_sft.load_conversations("heldout")["messages"])[:20]
    before = _assistant_loss(base_model, tokenizer, held)
    after = _assistant_loss(full_run["model"], tokenizer, held)
    feedback.expect(
        after < before - 2.0,
        f"held-out assistant-only loss: base {before:.2f}, fine-tuned {after:.2f} nats/token "
        "(expected a drop of more than 2 nats)",
        hint="the labels must be the assistant's tokens (not -100 everywhere, not shifted)",
    )


# ---------------------------------------------------------------- LoRA: the mask changes no monster


@pytest.mark.timeout(300)
@pytest.mark.points(3)
def test_lora_sft_leaves_every_base_weight_bit_identical(lora_run, base_model):
    """with LoRA, every weight of the base model is bit-identical after training"""
    state = lora_run["model"].state_dict()
    changed, missing = [], []
    for name, original in base_model.state_dict().items():
        module, _, leaf = name.rpartition(".")
        now = state.get(name, state.get(f"{module}.base.{leaf}"))
        if now is None:
            missing.append(name)
        elif not torch.equal(now, original):
            changed.append(name)
    feedback.expect(
        not missing,
        "base weights not found after LoRA training (expected under .base. when wrapped)",
        got=missing[:4],
    )
    feedback.expect(
        not changed,
        f"{len(changed)} base tensors changed during LoRA training",
        got=changed[:4],
        hint="with lora=..., call apply_lora(model, **lora) before building the trainer: it "
        "freezes every base weight, so only lora_A and lora_B are updated",
    )


@pytest.mark.timeout(300)
@pytest.mark.points(2)
def test_lora_sft_trains_the_adapters(lora_run, base_model, tokenizer):
    """with LoRA, only the adapters move, and they lower the held-out assistant loss"""
    model = lora_run["model"]
    lora_layers = [m for m in model.modules() if hasattr(m, "lora_B") and hasattr(m, "base")]
    feedback.expect(
        len(lora_layers) == 2 * 4,
        "LoRA layers in the trained model (q_proj and v_proj of 4 layers)",
        expected=8,
        got=len(lora_layers),
        hint="run_sft(..., lora=dict(target_modules=..., r=..., alpha=...)) calls "
        "apply_lora(model, **lora)",
    )
    moved = sum(bool(m.lora_B.detach().abs().sum() > 0) for m in lora_layers)
    feedback.expect(
        moved == len(lora_layers),
        "every lora_B should have moved away from zero in training",
        expected=len(lora_layers),
        got=moved,
    )
    held = list(ref_sft.load_conversations("heldout")["messages"])[:20]
    before = _assistant_loss(base_model, tokenizer, held)
    after = _assistant_loss(model, tokenizer, held)
    feedback.expect(
        after < before - LORA["min_loss_drop"],
        f"held-out assistant-only loss: base {before:.2f}, after LoRA {after:.2f} nats/token "
        f"(expected a drop of more than {LORA['min_loss_drop']})",
        hint="train the LoRA model with the given learning rate; the adapters must be in the "
        "forward pass (LoRALinear replaces the modules on their parents)",
    )
