"""Visible tests for reward.py: the Bradley–Terry loss, the reward model, ranking and best-of-n.

Run them with ``pytest exercises/t5_rlhf`` (or ``llm-grader check 5``).
"""

import math

import pytest
import torch

from grader.core import feedback, target

reward = target.module("t5_rlhf.reward")


# ---------------------------------------------------------------- tasks 1-2


@pytest.mark.points(1)
def test_bradley_terry_loss_known_values():
    """bradley_terry_loss: ln 2 for equal rewards, small when chosen wins, finite at ±1e4"""
    cases = [
        ([0.0], [0.0], math.log(2), "equal rewards (σ(0) = 1/2)"),
        ([2.0], [0.0], math.log(1 + math.exp(-2.0)), "chosen ahead by 2"),
        ([0.0], [2.0], math.log(1 + math.exp(2.0)), "chosen behind by 2"),
        ([2.0, 0.0], [0.0, 2.0], (math.log(1 + math.exp(-2.0)) + math.log(1 + math.exp(2.0))) / 2,
         "two pairs (the mean, not the sum)"),
        ([-1e4], [0.0], 1e4, "chosen behind by 1e4 (must not be inf)"),
    ]
    for rc, rr, expected, what in cases:
        got = reward.bradley_terry_loss(torch.tensor(rc), torch.tensor(rr))
        feedback.expect_close(got, torch.tensor(expected), f"bradley_terry_loss, {what}", atol=1e-4,
                              hint="-F.logsigmoid(r_chosen - r_rejected).mean()")


@pytest.mark.points(1)
def test_preference_accuracy_and_last_token_index():
    """preference_accuracy counts strict wins; last_token_index handles both padding sides"""
    acc = reward.preference_accuracy(torch.tensor([1.0, 0.0, 3.0]), torch.tensor([0.0, 1.0, 3.0]))
    feedback.expect_close(acc, 1 / 3, "preference_accuracy of 1 win, 1 loss, 1 tie",
                          hint="a tie is not a win: use >")
    right = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0]])
    feedback.expect_equal(reward.last_token_index(right).tolist(), [2, 4, 0],
                          "last_token_index with right padding")
    left = torch.tensor([[0, 0, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1]])
    feedback.expect_equal(reward.last_token_index(left).tolist(), [4, 4, 4],
                          "last_token_index with left padding",
                          hint="find the position of the last 1, not the number of 1s minus one")


# ---------------------------------------------------------------- task 3


@pytest.mark.points(1)
def test_reward_model_scores_the_last_real_token():
    """RewardModel applies its head to the hidden state of each row's last real token"""
    from transformers import LlamaConfig, LlamaModel

    torch.manual_seed(0)
    backbone = LlamaModel(LlamaConfig(vocab_size=40, hidden_size=16, intermediate_size=32,
                                      num_hidden_layers=1, num_attention_heads=2,
                                      num_key_value_heads=2)).eval()
    model = reward.RewardModel(backbone, 16).eval()
    ids = torch.tensor([[5, 6, 7, 0, 0], [8, 9, 10, 11, 12]])
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    with torch.no_grad():
        got = model(ids, mask)
        hidden = backbone(input_ids=ids, attention_mask=mask).last_hidden_state
        expected = model.head(torch.stack([hidden[0, 2], hidden[1, 4]])).squeeze(-1)
    feedback.expect_close(got, expected, "RewardModel rewards of 2 right-padded rows", atol=1e-5,
                          hint="hidden states at last_token_index(attention_mask), head, squeeze to (B,)")


# ---------------------------------------------------------------- task 5


@pytest.mark.points(1)
def test_rank_candidates_and_best_of_n():
    """rank_candidates sorts best first (stable on ties); best_of_n keeps the best of n samples"""
    def length(prompt, reply):
        return float(len(reply))

    got = reward.rank_candidates(length, "Q", ["ab", "abcd", "cd", "a"])
    names, want = [c for c, _ in got], ["abcd", "ab", "cd", "a"]
    tie_only = names != want and sorted(names) == sorted(want) and list(map(len, names)) == list(map(len, want))
    feedback.expect_equal(names, want, "rank_candidates by length (ties keep input order)",
                          hint="the scores are in order but the tie is not: 'ab' and 'cd' both score "
                               "2.0 and 'ab' came first, so it stays first; sort on the score alone "
                               "with a stable sort (sorted(pairs, key=lambda p: p[1], reverse=True)), "
                               "not on (score, text) tuples, which break ties by the text"
                          if tie_only else "sort by score, highest first; equal scores keep their "
                                           "input order")
    stream = iter(["no", "maybe", "yes", "ok", "alright"])
    best = reward.best_of_n(lambda prompt: next(stream), length, "Q", 4)
    feedback.expect_equal(best, "maybe", "best_of_n(n=4) by length over no / maybe / yes / ok",
                          hint="draw n replies with generate_fn, return the highest-scoring one")
