"""Visible tests for dpo.py: sequence log-probs, the DPO loss and the KL-penalised reward."""

import math

import pytest
import torch

from grader.core import feedback, target

dpo = target.module("t5_rlhf.dpo")


@pytest.mark.points(1)
def test_sequence_logprobs_small_example():
    """sequence_logprobs sums the log-probs of the labelled next tokens (shifted)"""
    logits = torch.log(torch.tensor([[[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]]))
    labels = torch.tensor([[-100, 1, 2]])  # position 0 predicts token 1, position 1 predicts 2
    expected = math.log(0.25) + math.log(0.1)
    feedback.expect_close(dpo.sequence_logprobs(logits, labels), torch.tensor([expected]),
                          "sequence_logprobs of one row", atol=1e-5,
                          hint="logits[:, :-1] predict labels[:, 1:]; skip -100; sum, do not average")


@pytest.mark.points(1)
def test_dpo_loss_by_hand():
    """dpo_loss: rewards β·(policy − reference), loss −log σ(chosen − rejected reward)"""
    pc, pr = torch.tensor([-10.0, -6.0]), torch.tensor([-12.0, -5.0])
    rc, rr = torch.tensor([-11.0, -6.0]), torch.tensor([-11.0, -6.0])
    losses, chosen, rejected = dpo.dpo_loss(pc, pr, rc, rr, beta=0.5)
    feedback.expect_close(chosen, torch.tensor([0.5, 0.0]), "chosen rewards (beta=0.5)",
                          hint="beta * (policy_chosen_logps - ref_chosen_logps)")
    feedback.expect_close(rejected, torch.tensor([-0.5, 0.5]), "rejected rewards (beta=0.5)")
    expected = torch.tensor([math.log(1 + math.exp(-1.0)), math.log(1 + math.exp(0.5))])
    feedback.expect_close(losses, expected, "per-pair DPO losses", atol=1e-5,
                          hint="-F.logsigmoid(chosen_rewards - rejected_rewards), one value per pair")


@pytest.mark.points(1)
def test_kl_penalized_reward_by_hand():
    """kl_penalized_reward subtracts β times the log-ratio to the reference"""
    got = dpo.kl_penalized_reward(torch.tensor([1.0, 1.0]), torch.tensor([-5.0, -9.0]),
                                  torch.tensor([-7.0, -8.0]), beta=0.1)
    feedback.expect_close(got, torch.tensor([0.8, 1.1]), "kl_penalized_reward with beta=0.1",
                          hint="reward - beta * (policy_logps - ref_logps)")
