"""Visible tests for train.py: both trainers run a couple of steps (on a 1-layer cut of the
base model, to be quick). The hidden checks train longer and measure what was learned."""

import tempfile

import pytest
import torch

from grader.core import feedback, target

train = target.module("t5_rlhf.train")
data = target.module("t5_rlhf.data")


@pytest.mark.points(1)
def test_train_reward_model_runs():
    """train_reward_model returns trl's RewardTrainer after max_steps steps"""
    tokenizer = train.load_tokenizer()
    model = train.load_reward_backbone(num_hidden_layers=1)
    pairs = data.load_preferences("train")[:16]
    trainer = train.train_reward_model(model, tokenizer, pairs, tempfile.mkdtemp(), max_steps=2,
                                       batch_size=4)
    feedback.expect_equal(type(trainer).__name__, "RewardTrainer", "what train_reward_model returns",
                          hint="return the trainer after trainer.train()")
    feedback.expect_equal(trainer.state.global_step, 2, "optimizer steps for max_steps=2")


@pytest.mark.points(1)
def test_run_dpo_runs_with_a_reference_copy():
    """run_dpo returns trl's DPOTrainer with a separate reference model, after max_steps steps"""
    tokenizer = train.load_tokenizer()
    policy = train.load_policy(num_hidden_layers=1)
    start = {k: v.clone() for k, v in policy.state_dict().items()}
    pairs = data.load_preferences("train")[:16]
    trainer = train.run_dpo(policy, tokenizer, pairs, tempfile.mkdtemp(), max_steps=2, batch_size=4)
    feedback.expect_equal(type(trainer).__name__, "DPOTrainer", "what run_dpo returns")
    feedback.expect_equal(trainer.state.global_step, 2, "optimizer steps for max_steps=2")
    feedback.expect(trainer.ref_model is not None and trainer.ref_model is not policy,
                    "the DPOTrainer needs its own reference model",
                    hint="DPOTrainer(model=policy, ref_model=copy.deepcopy(policy), ...)")
    ref_state = trainer.ref_model.state_dict()
    extra, missing = sorted(set(ref_state) - set(start)), sorted(set(start) - set(ref_state))
    if extra or missing:
        differ = ([f"{len(extra)} not in the policy, e.g. {extra[0]}"] if extra else []) + \
                 ([f"{len(missing)} of the policy's missing, e.g. {missing[0]}"] if missing else [])
        feedback.fail(
            "the reference model is not a copy of the policy: it has other parameters ("
            + "; ".join(differ) + ")", expected=f"the policy's {len(start)} tensors",
            got=f"{len(ref_state)} tensors",
            hint="pass ref_model=copy.deepcopy(policy); without a ref_model trl reloads the model "
                 "from its checkpoint path: the base model, not the policy you were given")
    unchanged = all(torch.equal(start[k], v) for k, v in ref_state.items())
    feedback.expect(unchanged, "the reference model must stay the policy as it was before training",
                    hint="make the copy before trainer.train(), and give it as ref_model")
