"""Visible tests for diversity.py: distinct-n, sample entropy, and measuring models side by side.

Run them with ``pytest exercises/t5_rlhf -k diversity`` (or ``llm-grader check 5``). The
"models" here are stand-ins with a ``generate`` method that need no training: one always gives
the same reply to a question, one draws random words.
"""

import math

import pytest
import torch

from grader.core import checking, feedback, target

diversity = target.module("t5_rlhf.diversity")
data = target.module("t5_rlhf.data")
train = target.module("t5_rlhf.train")


def StandIn(tokenizer, reply):
    """A stand-in LM whose ``generate`` appends ``reply(question)`` (see checking.ReplyStandIn)."""
    return checking.ReplyStandIn(tokenizer, reply, data)


WORDS = "lamp camera light door bell red blue green night day plug wifi app box cord".split()


def _facts():
    return {q["phrasings"][2]: q["fact"] for q in data.load_questions()}


def parrot(question):
    return "Thanks for asking! " + _facts()[question]


def dice(question):
    return " ".join(WORDS[i] for i in torch.randint(len(WORDS), (6,)).tolist())


# ---------------------------------------------------------------- task 11


@pytest.mark.points(1)
def test_distinct_n_small_cases():
    """distinct_n: unique n-grams / total n-grams, within samples, pooled over them"""
    cases = [
        (["a b c d"], 1, 1.0, "four different words"),
        (["a a a a"], 1, 0.25, "one word four times"),
        (["the cat", "the dog", "the cat"], 1, 0.5, "3 unique words out of 6"),
        (["a b a b", "a b"], 2, 0.5, "bigrams (a b) (b a) (a b) + (a b): 2 unique out of 4"),
        (["a b", "a b"], 2, 0.5, "(a b) twice; no bigram spans two samples"),
        ([], 1, 0.0, "no samples"),
        (["a"], 2, 0.0, "a sample shorter than n"),
    ]
    for samples, n, expected, what in cases:
        got = diversity.distinct_n(samples, n)
        feedback.expect_close(got, expected, f"distinct_n({samples!r}, {n}): {what}", atol=1e-9,
                              hint="count every n-gram of every sample (tokens = sample.split()); "
                                   "unique ones / all of them; 0.0 when there are none")


# ---------------------------------------------------------------- task 12


@pytest.mark.points(1)
def test_sample_entropy_small_cases():
    """sample_entropy: the plug-in entropy in nats of the distinct replies"""
    cases = [
        (["yes"] * 4, 0.0, "four equal replies"),
        (["yes", "no"], math.log(2), "two different replies"),
        (["a", "a", "a", "b"], -(0.75 * math.log(0.75) + 0.25 * math.log(0.25)), "3 × a, 1 × b"),
        ([], 0.0, "no samples"),
    ]
    for samples, expected, what in cases:
        got = diversity.sample_entropy(samples)
        feedback.expect_close(got, expected, f"sample_entropy({samples!r}): {what}", atol=1e-9,
                              hint="H = -sum(p * ln p) over the different replies, p = count / N "
                                   "(math.log: nats, not bits)")


# ---------------------------------------------------------------- task 13


@pytest.mark.points(1)
def test_measure_diversity_on_stand_in_models():
    """measure_diversity: a model that always says the same thing has no range but a top judge"""
    tokenizer = train.load_tokenizer()
    prompts = list(_facts())[:3]
    models = {"parrot": StandIn(tokenizer, parrot), "dice": StandIn(tokenizer, dice)}
    report = diversity.measure_diversity(models, tokenizer, prompts, n=4, temperature=0.7, seed=1)
    feedback.expect_equal(list(report), ["parrot", "dice"], "the names of the report")
    same = report["parrot"]
    feedback.expect_equal(len(same["samples"]), 12, "number of samples (3 prompts × n = 4)")
    feedback.expect_close(same["entropy"], 0.0, "entropy of a model that repeats one reply", atol=1e-9)
    feedback.expect_close(same["judge"], 2.0, "judge of 'Thanks for asking! <the true fact>'", atol=1e-9)
    feedback.expect(report["dice"]["distinct_2"] > same["distinct_2"],
                    "random words should have a higher distinct-2 than one repeated reply",
                    expected=f"> {same['distinct_2']:.3f}", got=round(report["dice"]["distinct_2"], 3))
    feedback.expect(all(c.get("temperature") == 0.7 for c in models["parrot"].calls),
                    "every model must be sampled at the temperature given",
                    hint="pass temperature (and seed) on to sample_fn")
