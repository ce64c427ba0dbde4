"""Hidden checks for reasoning.py: hand-checked problems, fake models with known accuracy.

No check trains a model: every "model" is a Python function whose accuracy is known.
"""

import random
from collections import Counter

import pytest

from grader.core import feedback, target

reasoning = target.module("t3_pretraining.reasoning")
ref = target.oracle("t3_pretraining.reasoning")

# (digits, n, seed) -> problems; every sum checked by hand
HAND_CHECKED = {
    (1, 4, 0): ["6+6=12\n", "0+4=4\n", "8+7=15\n", "6+4=10\n"],
    (2, 3, 1): ["27+82=109\n", "18+42=60\n", "25+73=98\n"],
    (3, 3, 0): ["964+494=1458\n", "876+530=1406\n", "141+365=506\n"],
    (4, 2, 7): ["6305+3471=9776\n", "7468+1791=9259\n"],
}


def _operands(prompt):
    a, b = prompt[:-1].split("+")
    return a, b, int(a) + int(b)


def calculator(prompt):
    return f"{_operands(prompt)[2]}\n"


def upto_two_digits(prompt):
    a, b, total = _operands(prompt)
    return f"{total if len(a) <= 2 else total + 1}\n"


@pytest.mark.points(1)
@pytest.mark.parametrize("key", list(HAND_CHECKED), ids=lambda k: f"{k[0]}digits-seed{k[2]}")
def test_addition_dataset_matches_the_hand_checked_table(key):
    """addition_dataset gives exactly the hand-checked problems"""
    digits, n, seed = key
    got = reasoning.addition_dataset(digits, n, seed)
    expected = HAND_CHECKED[key]
    feedback.expect_equal(
        got,
        expected,
        f"addition_dataset({digits}, {n}, seed={seed})",
        hint="one rng = random.Random(seed); per problem a = rng.randint(lo, hi), then "
        "b = rng.randint(lo, hi); lo = 10**(digits-1) (0 for one digit), hi = 10**digits - 1; "
        'the string f"{a}+{b}={a + b}\\n" with no padding',
    )


@pytest.mark.points(1)
def test_addition_dataset_covers_the_whole_range():
    """addition_dataset draws every operand from lo to hi, both ends included"""
    for digits, lo, hi in [(1, 0, 9), (2, 10, 99)]:
        operands = Counter()
        for line in reasoning.addition_dataset(digits, 2000, seed=11):
            a, b = line.split("=")[0].split("+")
            operands.update([int(a), int(b)])
        feedback.expect(
            min(operands) == lo and max(operands) == hi and len(operands) == hi - lo + 1,
            f"{digits}-digit operands should take every value {lo}..{hi}",
            expected=f"{hi - lo + 1} values from {lo} to {hi}",
            got=f"{len(operands)} values from {min(operands)} to {max(operands)}",
            hint="rng.randint(lo, hi) includes hi (randrange does not); one-digit "
            "operands start at 0",
        )


@pytest.mark.points(1)
def test_addition_dataset_does_not_depend_on_global_state():
    """addition_dataset: same seed, same problems, whatever the global random state"""
    random.seed(1)
    a = reasoning.addition_dataset(4, 30, seed=2)
    random.seed(2)
    random.random()
    b = reasoning.addition_dataset(4, 30, seed=2)
    feedback.expect_equal(
        b, a, "two calls with seed=2", hint="use rng = random.Random(seed) and draw only from it"
    )


def wrong_when_odd(prompt):
    a, b, total = _operands(prompt)
    return f"{total}\n" if int(a) % 2 == 0 else f"{total + 10}\n"


@pytest.mark.points(2)
def test_accuracy_by_depth_on_models_with_known_accuracy():
    """accuracy_by_depth: calculator 1.0, right-up-to-2-digits 1/1/0, always-0 0, half-right exact"""
    feedback.expect_equal(
        reasoning.accuracy_by_depth(calculator, [1, 2, 3, 4, 5, 6], 30, seed=4),
        {k: 1.0 for k in range(1, 7)},
        "a perfect calculator's accuracy",
        hint="prompt = problem up to and including '='; correct when the "
        "completion up to its first newline equals the sum's digits",
    )
    feedback.expect_equal(
        reasoning.accuracy_by_depth(upto_two_digits, [1, 2, 3, 4], 30, seed=4),
        {1: 1.0, 2: 1.0, 3: 0.0, 4: 0.0},
        "accuracy of a model right only up to 2 digits",
        hint="depth k = operands of exactly k digits: use "
        "addition_dataset(k, n_per_depth, seed) for each k",
    )
    feedback.expect_equal(
        reasoning.accuracy_by_depth(lambda p: "0\n", [1, 3], 30, seed=4),
        {1: 0.0, 3: 0.0},
        "accuracy of a model that always answers 0",
    )
    expected = {}
    for k in (2, 3):
        lines = ref.addition_dataset(k, 40, 9)
        expected[k] = sum(int(line.split("+")[0]) % 2 == 0 for line in lines) / 40
    got = reasoning.accuracy_by_depth(wrong_when_odd, [2, 3], 40, seed=9)
    feedback.expect_equal(
        got,
        expected,
        "accuracy of a model right exactly when the first operand is even",
        hint="the fraction of problems answered right, per depth (divide by "
        "n_per_depth, not by the total over all depths)",
    )


@pytest.mark.points(1)
def test_accuracy_by_depth_never_shows_the_answer():
    """accuracy_by_depth: prompts are exactly 'a+b=' of addition_dataset(k, n, seed)"""
    seen = []

    def cheater(prompt):
        seen.append(prompt)
        return prompt.split("=", 1)[1]  # copies whatever follows the '=' in the prompt

    got = reasoning.accuracy_by_depth(cheater, [3, 1], 10, seed=6)
    expected_prompts = [
        line.split("=")[0] + "=" for k in (3, 1) for line in ref.addition_dataset(k, 10, 6)
    ]
    if seen != expected_prompts:
        leaked = [p for p in seen if not p.endswith("=")]
        feedback.fail(
            "accuracy_by_depth: the prompts are not the problems up to the '='",
            expected=expected_prompts[:3],
            got=seen[:3],
            hint=(
                "the answer is in the prompt: a model can copy it. Cut each problem after the '='"
                if leaked
                else "for each k in the given order, the problems of "
                "addition_dataset(k, n_per_depth, seed) with the same seed"
            ),
        )
    feedback.expect_equal(got, {3: 0.0, 1: 0.0}, "accuracy of a model that copies the prompt")
    feedback.expect_equal(list(got), [3, 1], "the keys of the result, in the order given")


def _variants(kind):
    def model(prompt):
        total = str(_operands(prompt)[2])
        return {
            "no newline": total,
            "junk after the newline": total + "\n99+1=100\n",
            "an extra digit": total + "0\n",
            "a missing last digit": total[:-1] + "\n",
            "last digit wrong": total[:-1] + str((int(total[-1]) + 1) % 10) + "\n",
            "a space before the answer": " " + total + "\n",
        }[kind]

    return model


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "kind, expected",
    [
        ("no newline", 1.0),
        ("junk after the newline", 1.0),
        ("an extra digit", 0.0),
        ("a missing last digit", 0.0),
        ("last digit wrong", 0.0),
        ("a space before the answer", 0.0),
    ],
    ids=lambda v: str(v).replace(" ", "-"),
)
def test_accuracy_by_depth_counts_exact_matches_only(kind, expected):
    """accuracy_by_depth: exact match of the text up to the first newline, no partial credit"""
    got = reasoning.accuracy_by_depth(_variants(kind), [3, 4], 20, seed=2)
    feedback.expect_equal(
        got,
        {3: expected, 4: expected},
        f"accuracy of a model that answers the sum with {kind}",
        hint="correct only when completion.split('\\n')[0] == answer: a right "
        "prefix, some right digits or extra characters are wrong",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "table, threshold, expected",
    [
        ({1: 1.0, 2: 0.98, 3: 0.9, 4: 0.05, 5: 0.0, 6: 0.0}, 0.5, 4),
        ({4: 0.1, 1: 1.0, 2: 0.3, 3: 0.2}, 0.5, 2),
        ({1: 0.9, 2: 0.8}, 0.5, None),
        ({1: 0.5, 2: 0.49}, 0.5, 2),
        ({1: 0.2, 2: 0.9, 3: 0.1}, 0.5, 1),
        ({1: 1.0, 2: 0.6, 3: 0.3}, 0.75, 2),
    ],
    ids=["typical", "unsorted", "never", "equal-is-not-below", "first-depth", "threshold-0.75"],
)
def test_collapse_depth_on_hand_made_tables(table, threshold, expected):
    """collapse_depth: the smallest depth strictly below the threshold, or None"""
    feedback.expect_equal(
        reasoning.collapse_depth(table, threshold),
        expected,
        f"collapse_depth({table}, threshold={threshold})",
        hint="sorted(accuracies): the first depth with accuracy < threshold "
        "(an accuracy equal to the threshold has not collapsed); None "
        "if there is none",
    )
    if threshold == 0.5:
        feedback.expect_equal(
            reasoning.collapse_depth(table),
            expected,
            f"collapse_depth({table}) with the default threshold (0.5)",
        )


@pytest.fixture(scope="module")
def shakespeare_completer():
    """The bundled Shakespeare model (data/t3_base_model) as a greedy completer, one call per prompt."""
    model, tok = ref.shakespeare_model()
    complete, cache = ref.greedy_completer(model, tok), {}

    def cached(prompt):
        if prompt not in cache:
            cache[prompt] = complete(prompt)
        return cache[prompt]

    return cached


@pytest.mark.points(1)
@pytest.mark.timeout(120)
def test_accuracy_by_depth_on_the_shakespeare_model(shakespeare_completer):
    """accuracy_by_depth and collapse_depth on the real Shakespeare model: what the reference measures"""
    depths = [1, 2, 3]
    expected = ref.accuracy_by_depth(shakespeare_completer, depths, 8, seed=0)
    example = ref.addition_dataset(1, 1, seed=0)[0]
    prompt = example.split("=")[0] + "="
    got = reasoning.accuracy_by_depth(shakespeare_completer, depths, 8, seed=0)
    feedback.expect_equal(
        got,
        expected,
        "accuracy_by_depth(greedy_completer(*shakespeare_model()), [1, 2, 3], 8, "
        f"seed=0) (the model writes {shakespeare_completer(prompt)!r} after "
        f"{prompt!r})",
        hint="a real model's completion is any text: cut it at its first "
        "newline and compare with the sum's digits; never parse it as a "
        "number (it may hold none)",
    )
    feedback.expect_equal(
        reasoning.collapse_depth(got),
        ref.collapse_depth(expected),
        f"collapse_depth({got}) for the Shakespeare model",
        hint="an accuracy below the threshold at the first depth: the smallest depth, 1",
    )
