"""Hidden checks for diversity.py: distinct-n and sample entropy against a hand-checked table and
a brute-force reimplementation here, and measure_diversity on stand-in models with known
outcomes (no training: their ``generate`` is a rule)."""

import itertools
import math
import random
from collections import Counter

import pytest
import torch

from grader.core import checking, feedback, target

diversity = target.module("t5_rlhf.diversity")
data = target.module("t5_rlhf.data")
ref_train = target.oracle("t5_rlhf.train")
ref_judge = target.oracle("t5_rlhf.judge")


# ---------------------------------------------------------------- independent implementations


def _brute_distinct(samples, n):
    """distinct-n written another way: itertools windows per sample, a Counter of all of them."""
    grams = Counter()
    for s in samples:
        columns = [itertools.islice(s.split(), i, None) for i in range(n)]
        grams.update(zip(*columns))
    return len(grams) / sum(grams.values()) if grams else 0.0


def _brute_entropy(samples):
    """Plug-in entropy in nats: log2-based, converted (another route to the same number)."""
    counts = Counter(samples).values()
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts) * math.log(2) if total else 0.0


# ---------------------------------------------------------------- distinct_n (task 11)


DISTINCT_TABLE = [
    # samples, n, expected, what it shows
    (["a b c d"], 1, 1.0, "four different words"),
    (["a a a a"], 1, 1 / 4, "one word four times"),
    (
        ["the cat", "the dog", "the cat"],
        1,
        3 / 6,
        "3 unique words among 6 (not 2 unique samples of 3)",
    ),
    (["a b", "a b"], 2, 1 / 2, "(a b) twice: no bigram spans the end of one sample and the next"),
    (
        ["a b a b", "a b"],
        2,
        2 / 4,
        "(a b) (b a) (a b) and (a b): pooled over samples, not averaged",
    ),
    (["a b c d", "b c d"], 3, 2 / 3, "trigrams (a b c) (b c d) (b c d)"),
    (["a  b\tc\n", " a b "], 1, 3 / 5, "whitespace of any kind separates words: sample.split()"),
    (["Thanks thanks!", "thanks thanks!"], 1, 3 / 4, "case and punctuation are kept"),
    (["a b", "c"], 2, 1.0, "a 1-word sample has no bigram"),
    (["a", "b c"], 3, 0.0, "no sample has 3 words: no trigram at all"),
    ([], 1, 0.0, "no samples"),
    ([""], 1, 0.0, "one empty sample"),
]


@pytest.mark.points(2)
def test_distinct_n_hand_checked_table():
    """distinct_n matches a hand-checked table (pooling, sample boundaries, whitespace, no n-grams)"""
    for samples, n, expected, what in DISTINCT_TABLE:
        try:
            got = diversity.distinct_n(samples, n)
        except ZeroDivisionError:
            feedback.fail(
                f"distinct_n({samples!r}, {n}) divided by zero: {what}",
                expected=expected,
                got="ZeroDivisionError",
                hint="when there is no n-gram at all, return 0.0",
            )
        feedback.expect(
            isinstance(got, float),
            f"distinct_n({samples!r}, {n}) must be a Python float",
            expected="float",
            got=type(got).__name__,
        )
        feedback.expect_close(
            got,
            expected,
            f"distinct_n({samples!r}, {n}): {what}",
            atol=1e-9,
            hint="n-grams are n consecutive tokens of ONE sample (tokens: "
            "sample.split()); pool the n-grams of all samples; unique / total. "
            "Counting unique samples, joining the samples into one text, or "
            "averaging a ratio per sample gives other numbers",
        )


@pytest.mark.points(1)
def test_distinct_n_matches_a_brute_force_count():
    """distinct_n agrees with a brute-force count on random samples, n = 1 to 4"""
    rng = random.Random(3)
    words = "thanks for asking delivery takes days the lamp is on".split()
    for trial in range(40):
        samples = [
            " ".join(rng.choice(words) for _ in range(rng.randint(0, 7)))
            for _ in range(rng.randint(1, 6))
        ]
        n = 1 + trial % 4
        expected = _brute_distinct(samples, n)
        feedback.expect_close(
            diversity.distinct_n(samples, n),
            expected,
            f"distinct_n({samples!r}, {n})",
            atol=1e-9,
            hint="unique n-grams / total n-grams, counted within each sample",
        )


@pytest.mark.points(1)
def test_distinct_n_rejects_n_below_one():
    """distinct_n accepts n = 1 and raises ValueError for n = 0 and n = -1"""
    feedback.expect_close(diversity.distinct_n(["a b"], 1), 1.0, "distinct_n(['a b'], 1)")
    for n in (0, -1):
        try:
            got = diversity.distinct_n(["a b c"], n)
        except ValueError:
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is the wrong one
            feedback.fail(
                f"distinct_n(['a b c'], {n}) must raise ValueError",
                expected="ValueError",
                got=type(exc).__name__,
                hint="check n < 1 first: raise ValueError(...)",
            )
        feedback.fail(
            f"distinct_n(['a b c'], {n}) must raise ValueError",
            expected="ValueError",
            got=got,
            hint="an n-gram needs at least one token: raise ValueError for n < 1",
        )


# ---------------------------------------------------------------- sample_entropy (task 12)


ENTROPY_TABLE = [
    (["yes"] * 5, 0.0, "five equal replies"),
    (["yes", "no"], math.log(2), "two different replies: ln 2 = 0.693 nats (1 bit)"),
    (["a", "b", "c", "d"], math.log(4), "four different replies: ln 4"),
    (["a", "a", "b", "b"], math.log(2), "two replies twice each: ln 2"),
    (["a", "a", "a", "b"], -(0.75 * math.log(0.75) + 0.25 * math.log(0.25)), "3 × a, 1 × b"),
    (["a b", "a c"], math.log(2), "whole replies are compared, not their words"),
    (["x"], 0.0, "one reply"),
    ([], 0.0, "no samples"),
]


@pytest.mark.points(2)
def test_sample_entropy_hand_checked_table():
    """sample_entropy is the plug-in entropy in nats of the distinct replies"""
    for samples, expected, what in ENTROPY_TABLE:
        try:
            got = diversity.sample_entropy(samples)
        except ZeroDivisionError:
            feedback.fail(
                f"sample_entropy({samples!r}) divided by zero: {what}",
                expected=expected,
                got="ZeroDivisionError",
                hint="no samples: return 0.0",
            )
        feedback.expect(
            isinstance(got, float),
            f"sample_entropy({samples!r}) must be a Python float",
            expected="float",
            got=type(got).__name__,
        )
        if expected > 0 and abs(got - expected / math.log(2)) < 1e-9:
            feedback.fail(
                f"sample_entropy({samples!r}) is in bits: {what}",
                expected=round(expected, 6),
                got=got,
                hint="use the natural log (math.log), not log2: nats, not bits",
            )
        feedback.expect_close(
            got,
            expected,
            f"sample_entropy({samples!r}): {what}",
            atol=1e-9,
            hint="p = count / N of each different reply (Counter(samples)); "
            "H = -sum(p * ln p); no normalisation by ln N",
        )


@pytest.mark.points(1)
def test_sample_entropy_matches_a_brute_force_count():
    """sample_entropy agrees with a brute-force count on random draws"""
    rng = random.Random(4)
    for _ in range(30):
        samples = [
            rng.choice(["yes", "no", "maybe", "sure", "ok"]) for _ in range(rng.randint(1, 12))
        ]
        feedback.expect_close(
            diversity.sample_entropy(samples),
            _brute_entropy(samples),
            f"sample_entropy({samples!r})",
            atol=1e-9,
            hint="-sum(p * math.log(p)) over Counter(samples)",
        )


# ---------------------------------------------------------------- measure_diversity (task 13)


def StandIn(tokenizer, reply):
    """A stand-in LM whose ``generate`` appends ``reply(question)`` (see checking.ReplyStandIn)."""
    return checking.ReplyStandIn(tokenizer, reply, data)


WORDS = "lamp camera light door bell red blue green night day plug wifi app box cord".split()
FACTS = {q["phrasings"][2]: q["fact"] for q in data.load_questions()}
PROMPTS = list(FACTS)[:5]  # held-out phrasings
N, TEMPERATURE, SEED, MAX_NEW = 6, 0.7, 11, 20


def parrot(question):
    """Always the same reply to a question, a different one per question: polite and true."""
    return "Thanks for asking! " + FACTS[question]


def dice(question):
    """Six words drawn uniformly (torch's global generator, which sample_replies seeds)."""
    return " ".join(WORDS[i] for i in torch.randint(len(WORDS), (6,)).tolist())


@pytest.fixture(scope="module")
def tokenizer():
    return ref_train.load_tokenizer()


@pytest.fixture(scope="module")
def measured(tokenizer):
    models = {
        "parrot": StandIn(tokenizer, parrot),
        "dice": StandIn(tokenizer, dice),
        "dice again": StandIn(tokenizer, dice),
    }
    report = diversity.measure_diversity(
        models, tokenizer, PROMPTS, n=N, max_new_tokens=MAX_NEW, temperature=TEMPERATURE, seed=SEED
    )
    return models, report


def _expected(samples):
    groups = [samples[i * N : (i + 1) * N] for i in range(len(PROMPTS))]
    asked = [p for p in PROMPTS for _ in range(N)]
    return {
        "distinct_1": sum(_brute_distinct(g, 1) for g in groups) / len(groups),
        "distinct_2": sum(_brute_distinct(g, 2) for g in groups) / len(groups),
        "entropy": sum(_brute_entropy(g) for g in groups) / len(groups),
        "judge": sum(ref_judge.judge(q, r) for q, r in zip(asked, samples)) / len(samples),
    }


@pytest.mark.points(2)
def test_measure_diversity_known_outcome_of_a_parrot(measured):
    """a model that always gives one reply per question: entropy 0, judge 2, distinct per prompt"""
    _, report = measured
    feedback.expect_equal(
        list(report), ["parrot", "dice", "dice again"], "the report's names, in the order of models"
    )
    got = report["parrot"]
    expected_samples = [parrot(q) for q in PROMPTS for _ in range(N)]
    feedback.expect_equal(
        list(got["samples"]),
        expected_samples,
        f"the parrot's samples ({len(PROMPTS)} prompts × n = {N}, question-major)",
        hint="keep sample_fn's replies as they come: prompts[0] × n, prompts[1] × n, ...",
    )
    # the replies of one question: n copies of one sentence of L words with u different words
    expected = _expected(expected_samples)
    for key, what, hint in [
        (
            "entropy",
            "entropy of n equal replies per prompt, averaged over prompts (0: no range)",
            "the n replies to ONE prompt are replies[i * n:(i + 1) * n]; entropy per prompt, then the "
            "mean over prompts (pooling all prompts counts different questions as range)",
        ),
        (
            "distinct_1",
            "distinct-1 of the n replies of each prompt, averaged over the prompts",
            "distinct_n of each prompt's n replies, then the mean over prompts (not distinct_n of all "
            "the replies pooled)",
        ),
        (
            "distinct_2",
            "distinct-2, per prompt then averaged",
            "distinct_n(group, 2) for each prompt's group",
        ),
        (
            "judge",
            "mean judge score of 'Thanks for asking! <the true fact>' (tone +1, content +1)",
            "judge(prompt, reply) with each reply's own prompt: prompts[i] for the i-th group of n",
        ),
    ]:
        value = got.get(key)
        feedback.expect(
            isinstance(value, float),
            f"report['parrot'][{key!r}] must be a Python float",
            expected="float",
            got=type(value).__name__,
        )
        feedback.expect_close(value, expected[key], f"the parrot's {what}", atol=1e-9, hint=hint)


@pytest.mark.points(2)
def test_measure_diversity_of_random_words_against_a_brute_force(measured):
    """a model drawing random words: its numbers match a brute-force count of its own samples"""
    _, report = measured
    got = report["dice"]
    expected = _expected(list(got["samples"]))
    for key in ("distinct_1", "distinct_2", "entropy", "judge"):
        feedback.expect_close(
            got[key],
            expected[key],
            f"report['dice'][{key!r}] from its own samples",
            atol=1e-9,
            hint="per prompt (replies[i * n:(i + 1) * n]), then the mean over "
            "prompts; judge: the mean over all replies",
        )
    feedback.expect(
        got["entropy"] > report["parrot"]["entropy"]
        and got["distinct_2"] > report["parrot"]["distinct_2"],
        "random words must show more range than the parrot",
        expected="dice > parrot",
        got=f"entropy {got['entropy']:.3f} vs "
        f"{report['parrot']['entropy']:.3f}, distinct-2 {got['distinct_2']:.3f} vs "
        f"{report['parrot']['distinct_2']:.3f}",
    )


@pytest.mark.points(2)
def test_measure_diversity_samples_every_model_the_same_way(measured, tokenizer):
    """every model is sampled at the given temperature, seed and length: one model twice, same numbers"""
    models, report = measured
    for name, model in models.items():
        feedback.expect(
            len(model.calls) > 0,
            f"model {name!r} was never sampled",
            hint="call sample_fn(model, tokenizer, prompts, ...) for every model",
        )
        for call in model.calls:
            feedback.expect_equal(
                (call.get("temperature"), call.get("max_new_tokens")),
                (TEMPERATURE, MAX_NEW),
                f"(temperature, max_new_tokens) that model {name!r} was sampled with",
                hint="pass temperature=temperature and max_new_tokens=max_new_tokens "
                "on to sample_fn for every model (a default would compare models "
                "at another temperature than asked)",
            )
    direct = ref_train.sample_replies(
        StandIn(tokenizer, dice),
        tokenizer,
        PROMPTS,
        n=N,
        max_new_tokens=MAX_NEW,
        temperature=TEMPERATURE,
        seed=SEED,
    )
    for name in ("dice", "dice again"):
        feedback.expect_equal(
            list(report[name]["samples"]),
            direct,
            f"samples of {name!r} vs sample_replies with seed={SEED}",
            hint="give every model the same seed, the one passed to measure_diversity "
            "(not a default, not seed + i): otherwise a difference between models "
            "may be a difference between random draws",
        )
    same = {k: report["dice"][k] for k in ("distinct_1", "distinct_2", "entropy", "judge")}
    again = {k: report["dice again"][k] for k in same}
    feedback.expect_equal(again, same, "the numbers of the same model measured under two names")


@pytest.mark.points(1)
def test_measure_diversity_calls_sample_fn_once_per_model():
    """measure_diversity draws through sample_fn: one call per model with the same prompts and settings"""
    calls = []

    def sample_fn(model, tokenizer, prompts, n, max_new_tokens, temperature, seed):
        calls.append((model, list(prompts), n, max_new_tokens, temperature, seed))
        return [f"{model} reply {k % 2}" for k in range(len(prompts) * n)]

    report = diversity.measure_diversity(
        {"a": "model A", "b": "model B"},
        None,
        ["Q1?", "Q2?"],
        n=4,
        max_new_tokens=9,
        temperature=0.5,
        seed=3,
        sample_fn=sample_fn,
    )
    feedback.expect_equal(
        calls,
        [("model A", ["Q1?", "Q2?"], 4, 9, 0.5, 3), ("model B", ["Q1?", "Q2?"], 4, 9, 0.5, 3)],
        "the sample_fn calls (model, prompts, n, max_new_tokens, temperature, seed)",
        hint="one call per model: sample_fn(model, tokenizer, prompts, n=n, "
        "max_new_tokens=max_new_tokens, temperature=temperature, seed=seed)",
    )
    feedback.expect_close(
        report["a"]["entropy"],
        math.log(2),
        "entropy of replies 'reply 0' / 'reply 1' alternating, 4 per prompt",
        atol=1e-9,
    )
