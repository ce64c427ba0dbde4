"""Visible tests for reasoning.py: addition problems, accuracy by depth, the collapse depth.

Nothing here trains a model: the "models" are plain Python functions with known answers.
"""

import re

import pytest

from grader.core import feedback, target

reasoning = target.module("t3_pretraining.reasoning")


def calculator(prompt):
    """A perfect adder: Python's int addition."""
    a, b = prompt.rstrip("=").split("+")
    return f"{int(a) + int(b)}\n"


def two_digit_adder(prompt):
    """Right while both operands have at most 2 digits, wrong (off by one) beyond."""
    a, b = prompt.rstrip("=").split("+")
    total = int(a) + int(b)
    return f"{total if max(len(a), len(b)) <= 2 else total + 1}\n"


# ---------------------------------------------------------------- addition_dataset (task 10)


@pytest.mark.points(1)
def test_addition_dataset_format():
    """addition_dataset: "a+b=sum\\n" with two operands of exactly k digits, sums right"""
    for k in (1, 2, 3, 5):
        problems = reasoning.addition_dataset(k, 50, seed=3)
        feedback.expect_equal(len(problems), 50, f"number of {k}-digit problems")
        for line in problems:
            m = re.fullmatch(r"(\d+)\+(\d+)=(\d+)\n", line)
            feedback.expect(m is not None, f"a {k}-digit problem must look like '123+456=579\\n'",
                            expected="digits '+' digits '=' digits, one newline at the end",
                            got=repr(line), hint='f"{a}+{b}={a + b}\\n": no spaces, no padding')
            a, b, s = m.groups()
            feedback.expect(len(a) == len(b) == k and (k == 1 or a[0] != "0" and b[0] != "0"),
                            f"both operands of a {k}-digit problem have exactly {k} digits",
                            got=repr(line), hint="lo = 10**(digits - 1), hi = 10**digits - 1 "
                            "(lo = 0 for one digit); rng.randint includes both ends")
            feedback.expect_equal(int(s), int(a) + int(b), f"the sum in {line!r}")


@pytest.mark.points(1)
def test_addition_dataset_is_seeded():
    """addition_dataset: the same seed gives the same problems, another seed others"""
    a = reasoning.addition_dataset(3, 20, seed=5)
    import random
    random.seed(123)  # the global generator must not matter
    b = reasoning.addition_dataset(3, 20, seed=5)
    feedback.expect_equal(b, a, "problems for the same seed",
                          hint="draw from random.Random(seed), not from the global random module")
    feedback.expect(reasoning.addition_dataset(3, 20, seed=6) != a,
                    "seeds 5 and 6 should give different problems")


@pytest.mark.points(1)
def test_addition_dataset_hand_checked():
    """addition_dataset(3, 3, seed=0) is the hand-checked table"""
    feedback.expect_equal(
        reasoning.addition_dataset(3, 3, seed=0),
        ["964+494=1458\n", "876+530=1406\n", "141+365=506\n"],
        "addition_dataset(3, 3, seed=0)",
        hint="rng = random.Random(seed); per problem a = rng.randint(100, 999), then "
             "b = rng.randint(100, 999)",
    )


# ---------------------------------------------------------------- accuracy_by_depth (task 11)


@pytest.mark.points(1)
def test_accuracy_by_depth_known_models():
    """accuracy_by_depth: a calculator scores 1, a 2-digit adder 1, 1, 0, 'always 0' 0"""
    got = reasoning.accuracy_by_depth(calculator, [1, 2, 3, 4], 20, seed=0)
    feedback.expect_equal(got, {1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0}, "accuracy of a perfect calculator",
                          hint="prompt = the problem up to and including '='; correct when the "
                               "completion up to its first newline equals the digits of the sum")
    got = reasoning.accuracy_by_depth(two_digit_adder, [1, 2, 3], 20, seed=0)
    feedback.expect_equal(got, {1: 1.0, 2: 1.0, 3: 0.0},
                          "accuracy of an adder that is right up to 2 digits only",
                          hint="depth k means operands of exactly k digits: "
                               "addition_dataset(k, n_per_depth, seed)")
    got = reasoning.accuracy_by_depth(lambda prompt: "0\n", [2, 3], 10, seed=0)
    feedback.expect_equal(got, {2: 0.0, 3: 0.0}, "accuracy of a model that always answers 0")


@pytest.mark.points(1)
def test_accuracy_by_depth_prompts_stop_at_the_equals_sign():
    """accuracy_by_depth asks for exactly 'a+b=' of addition_dataset's problems"""
    seen = []

    def recorder(prompt):
        seen.append(prompt)
        return "\n"

    reasoning.accuracy_by_depth(recorder, [2], 5, seed=1)
    expected = [line.split("=")[0] + "=" for line in reasoning.addition_dataset(2, 5, seed=1)]
    feedback.expect_equal(seen, expected, "the prompts given to the model",
                          hint="the prompt ends with '=': the answer (and the newline) must never "
                               "be in it, or the model can copy it")


# ---------------------------------------------------------------- collapse_depth (task 12)


@pytest.mark.points(1)
def test_collapse_depth_tables():
    """collapse_depth: the first depth strictly below the threshold, None when none is"""
    cases = [
        ({1: 1.0, 2: 0.9, 3: 0.7, 4: 0.1, 5: 0.0}, 0.5, 4),
        ({1: 1.0, 2: 0.95, 3: 0.9}, 0.5, None),
        ({1: 0.6, 2: 0.5, 3: 0.2}, 0.5, 3),
        ({1: 1.0, 2: 0.8, 3: 0.6}, 0.9, 2),
    ]
    for table, threshold, expected in cases:
        feedback.expect_equal(reasoning.collapse_depth(table, threshold), expected,
                              f"collapse_depth({table}, threshold={threshold})",
                              hint="scan the depths in increasing order; return the first with "
                                   "accuracy < threshold (equal is not a collapse), else None")
