"""Hidden checks for train.py: your trl runs, trained briefly on a 1-layer cut of the base model.

Each module fixture trains once and the checks share it. The models keep the base model's
tokenizer, embeddings and first layer (``num_hidden_layers=1``), which makes a step about three
times cheaper than the full model; the data are the pairs the raters decided by tone or length
(the signals a few dozen steps can learn). The measurements use the reference helpers, so only
your trainers are under test here.
"""

import copy
import tempfile

import pytest
import torch

from grader.core import feedback, target

train = target.module("t5_rlhf.train")
data = target.module("t5_rlhf.data")
ref_train = target.oracle("t5_rlhf.train")
ref_reward = target.oracle("t5_rlhf.reward")
ref_dpo = target.oracle("t5_rlhf.dpo")
ref_judge = target.oracle("t5_rlhf.judge")

# Measured with the reference solutions (see each fixture): thresholds leave a margin.
REWARD_STEPS, REWARD_ACCURACY = 30, 0.75  # reference: 0.91 on 44 held-out pairs
DPO_STEPS, DPO_LR, DPO_BETA = 10, 5e-4, 0.2
DPO_MARGIN_ACCURACY = 0.75  # reference: 0.91
TONE_GAIN = 0.10  # reference: mean tone 0.33 -> 0.55


def _expect_float32(args, config):
    """The run trained in float32, as the thresholds were measured (the grader runs it on the
    CPU itself: which device the learner's config asks for is not checked)."""
    feedback.expect(
        not args.bf16 and not args.fp16,
        f"the {config} must train in float32: trl defaults to bf16 mixed precision",
        expected="bf16=False, fp16=False",
        got=f"bf16={args.bf16}, fp16={args.fp16}",
        hint="add **CPU_SETTINGS to the config (it sets bf16=False)",
    )


def _pairs(split, reasons):
    return [p for p in data.load_preferences(split) if p["reason"] in reasons]


@pytest.fixture(scope="module")
def tokenizer():
    return ref_train.load_tokenizer()


@pytest.fixture(scope="module")
def reward_run(tokenizer):
    torch.manual_seed(0)
    classifier = ref_train.load_reward_backbone(num_hidden_layers=1)
    pairs = _pairs("train", {"tone", "length"})
    trainer = train.train_reward_model(
        classifier,
        tokenizer,
        pairs,
        tempfile.mkdtemp(),
        max_steps=REWARD_STEPS,
        learning_rate=1e-3,
        batch_size=8,
        seed=0,
    )
    heldout = _pairs("heldout", {"tone", "length"})
    model = ref_train.as_reward_model(classifier)
    prompts = [p["prompt"] for p in heldout]
    chosen = ref_train.reward_scores(model, tokenizer, prompts, [p["chosen"] for p in heldout])
    rejected = ref_train.reward_scores(model, tokenizer, prompts, [p["rejected"] for p in heldout])
    return {
        "trainer": trainer,
        "accuracy": ref_reward.preference_accuracy(chosen, rejected),
        "n": len(heldout),
    }


@pytest.mark.points(2)
def test_train_reward_model_runs_trl_with_your_settings(reward_run):
    """train_reward_model returns a trl RewardTrainer that ran max_steps with the arguments given"""
    from trl import RewardTrainer

    trainer = reward_run["trainer"]
    feedback.expect(
        isinstance(trainer, RewardTrainer),
        "train_reward_model must return the trl RewardTrainer",
        expected="RewardTrainer",
        got=type(trainer).__name__,
        hint="build RewardTrainer(model=..., args=RewardConfig(...), train_dataset=..., "
        "processing_class=tokenizer), call .train() and return the trainer",
    )
    args = trainer.args
    for name, want in [
        ("learning_rate", 1e-3),
        ("per_device_train_batch_size", 8),
        ("seed", 0),
        ("max_steps", REWARD_STEPS),
    ]:
        feedback.expect_equal(
            getattr(args, name),
            want,
            f"RewardConfig.{name}",
            hint="pass the function's arguments on to RewardConfig",
        )
    feedback.expect_equal(
        trainer.state.global_step,
        REWARD_STEPS,
        "optimizer steps taken",
        hint="call trainer.train() before returning",
    )
    _expect_float32(args, "RewardConfig")


@pytest.mark.points(3)
def test_reward_model_ranks_heldout_pairs(reward_run):
    """the trained reward model ranks held-out pairs (new phrasings) well above chance"""
    acc = reward_run["accuracy"]
    feedback.expect(
        acc >= REWARD_ACCURACY,
        f"after {REWARD_STEPS} steps on 153 pairs decided by tone or length, the reward model should "
        f"prefer the chosen reply in at least {REWARD_ACCURACY:.0%} of {reward_run['n']} held-out pairs "
        f"(the reference: 91%; chance: 50%)",
        expected=f">= {REWARD_ACCURACY}",
        got=round(acc, 3),
        hint="the dataset's chosen column must hold the preferred reply (preference_dataset(pairs)); "
        "use the learning_rate and max_steps you are given (trl's default rate is far too small)",
    )


# ---------------------------------------------------------------- run_dpo (task 9)


def _tone(questions, replies):
    parts = [ref_judge.judge_parts(q, r) for q, r in zip(questions, replies)]
    return {
        "mean": sum(p["tone"] for p in parts) / len(parts),
        "rude": sum(p["tone"] == -1 for p in parts),
    }


@pytest.fixture(scope="module")
def dpo_run(tokenizer):
    torch.manual_seed(0)
    pairs = _pairs("train", {"tone"})
    heldout = _pairs("heldout", {"tone"})
    policy = ref_train.load_policy(num_hidden_layers=1)
    ref_train.sft_warmup(policy, tokenizer, pairs, steps=30, learning_rate=2e-3, batch_size=8)
    start = copy.deepcopy(policy)
    questions = [q["phrasings"][2] for q in data.load_questions()]
    asked = [q for q in questions for _ in range(2)]
    before = ref_train.sample_replies(policy, tokenizer, questions, n=2, max_new_tokens=12)
    trainer = train.run_dpo(
        policy,
        tokenizer,
        pairs,
        tempfile.mkdtemp(),
        max_steps=DPO_STEPS,
        learning_rate=DPO_LR,
        beta=DPO_BETA,
        batch_size=8,
        seed=0,
    )
    after = ref_train.sample_replies(policy, tokenizer, questions, n=2, max_new_tokens=12)
    prompts = [p["prompt"] for p in heldout]
    logps = [
        ref_train.reply_logprobs(m, tokenizer, prompts, [p[k] for p in heldout])
        for m in (policy, start)
        for k in ("chosen", "rejected")
    ]
    _, chosen, rejected = ref_dpo.dpo_loss(*logps, beta=DPO_BETA)
    return {
        "trainer": trainer,
        "policy": policy,
        "start": start,
        "n": len(heldout),
        "margin": (chosen - rejected).mean().item(),
        "accuracy": ref_reward.preference_accuracy(chosen, rejected),
        "before": _tone(asked, before),
        "after": _tone(asked, after),
        "samples": len(asked),
    }


@pytest.mark.points(2)
def test_run_dpo_runs_trl_with_a_frozen_copy_as_reference(dpo_run):
    """run_dpo returns trl's DPOTrainer; its reference is a separate copy of the starting policy"""
    from trl import DPOTrainer

    trainer = dpo_run["trainer"]
    feedback.expect(
        isinstance(trainer, DPOTrainer),
        "run_dpo must return the trl DPOTrainer",
        expected="DPOTrainer",
        got=type(trainer).__name__,
    )
    for name, want in [
        ("beta", DPO_BETA),
        ("learning_rate", DPO_LR),
        ("max_steps", DPO_STEPS),
        ("per_device_train_batch_size", 8),
    ]:
        feedback.expect_equal(
            getattr(trainer.args, name),
            want,
            f"DPOConfig.{name}",
            hint="pass the function's arguments on to DPOConfig",
        )
    feedback.expect_equal(trainer.state.global_step, DPO_STEPS, "optimizer steps taken")
    _expect_float32(trainer.args, "DPOConfig")
    reference = trainer.ref_model
    feedback.expect(
        reference is not None and reference is not dpo_run["policy"],
        "the trainer needs its own reference model",
        expected="ref_model=copy.deepcopy(policy)",
        got=type(reference).__name__,
    )
    same = all(
        torch.equal(a, b)
        for a, b in zip(reference.state_dict().values(), dpo_run["start"].state_dict().values())
    )
    feedback.expect(
        same and len(reference.state_dict()) == len(dpo_run["start"].state_dict()),
        "the reference model must be the policy as it was before DPO, unchanged by training",
        hint="pass ref_model=copy.deepcopy(policy), made before training; without it trl "
        "reloads a model from the checkpoint's path, which is not your starting policy",
    )
    moved = any(
        not torch.equal(a, b)
        for a, b in zip(
            dpo_run["policy"].state_dict().values(), dpo_run["start"].state_dict().values()
        )
    )
    feedback.expect(
        moved,
        "the policy passed to run_dpo must be trained in place",
        hint="give DPOTrainer the policy itself as model (and a copy as ref_model)",
    )


@pytest.mark.points(3)
def test_run_dpo_raises_the_heldout_margin(dpo_run):
    """after DPO the implicit reward prefers the chosen reply of held-out pairs"""
    feedback.expect(
        dpo_run["margin"] > 0 and dpo_run["accuracy"] >= DPO_MARGIN_ACCURACY,
        f"after {DPO_STEPS} DPO steps the implicit reward β·(log π − log π_ref) should prefer the "
        f"chosen reply in at least {DPO_MARGIN_ACCURACY:.0%} of {dpo_run['n']} held-out pairs with a "
        f"positive mean margin (the reference: 91%, margin +1.5)",
        expected=f">= {DPO_MARGIN_ACCURACY}, margin > 0",
        got=f"{dpo_run['accuracy']:.2f}, margin {dpo_run['margin']:+.3f}",
        hint="the dataset must have the preferred reply in 'chosen'; the reference model must be a "
        "frozen copy of the starting policy; use the given learning_rate and beta",
    )


@pytest.mark.points(2)
def test_run_dpo_shifts_samples_toward_politeness(dpo_run):
    """after DPO, sampled replies to held-out questions are more polite on the judge"""
    before, after = dpo_run["before"], dpo_run["after"]
    feedback.expect(
        after["mean"] >= before["mean"] + TONE_GAIN and after["rude"] <= before["rude"],
        f"the judge's mean tone of {dpo_run['samples']} sampled replies should rise by at least "
        f"{TONE_GAIN} and rude replies should not increase (the reference: 0.33 -> 0.55, rude 3 -> 0)",
        expected=f"tone >= {before['mean'] + TONE_GAIN:.2f}, rude <= {before['rude']}",
        got=f"tone {before['mean']:.2f} -> {after['mean']:.2f}, rude {before['rude']} -> {after['rude']}",
        hint="DPO must train on chosen = the preferred reply; check the reference model and beta",
    )
