"""Hidden checks for evaluate.py: metrics against independent formulas, the evaluation report."""

import collections
import math
import random
import string
from fractions import Fraction

import pytest

from grader.core import feedback, target

evaluate = target.module("t6_use_cases.evaluate")
retrieval = target.oracle("t6_use_cases.retrieval")
data = target.oracle("t6_use_cases.data")
ref = target.oracle("t6_use_cases.evaluate")


# An independent implementation of the SQuAD answer metrics, written from their definition:
# lowercase, drop ASCII punctuation, drop the whole words a/an/the, split on whitespace;
# exact match compares the token lists; F1 counts shared tokens with multiplicity and is 1
# for two empty answers, 0 when only one is empty.
_PUNCTUATION = str.maketrans("", "", string.punctuation)
_ARTICLES = {"a", "an", "the"}


def squad_tokens(text):
    words = text.lower().translate(_PUNCTUATION).split()
    return [w for w in words if w not in _ARTICLES]


def squad_compute_exact(gold, pred):
    return int(squad_tokens(gold) == squad_tokens(pred))


def squad_compute_f1(gold, pred):
    g, p = squad_tokens(gold), squad_tokens(pred)
    if not g or not p:
        return float(g == p)
    shared = sum((collections.Counter(g) & collections.Counter(p)).values())
    return 0.0 if shared == 0 else 2 * shared / (len(g) + len(p))


PAIRS = [
    ("The Aero 500.", "Aero 500"),
    ("an H13 HEPA filter", "H13 HEPA filter"),
    ("29 euros", "29 euro"),
    ("  29   EUROS ", "29 euros"),
    ("Settings > Calibration", "settings calibration"),
    ("the the the", ""),
    ("", ""),
    ("", "yes"),
    ("yes, within 30 days", "30 days"),
    ("lamp lamp lamp", "lamp"),
    ("lamp", "lamp lamp lamp"),
    ("lamp lamp hub", "the lamp lamp app"),
    ("A lamp; the hub; an app.", "lamp hub app"),
    ("Theory of an answer", "theory answer"),
    ("2.4 GHz", "24 ghz"),
    ("e-mail", "email"),
    ("up to 64", "64 devices"),
    ("x" * 5 + " y", "y x"),
    ("Ça coûte 29 €", "ca coute 29"),
]


@pytest.mark.points(2)
def test_exact_match_and_f1_match_the_squad_script():
    """exact_match and token_f1 equal the SQuAD answer metrics"""
    for pred, gold in PAIRS:
        feedback.expect_equal(
            evaluate.exact_match(pred, gold),
            float(squad_compute_exact(gold, pred)),
            f"exact_match({pred!r}, {gold!r})",
            hint="normalise both: lowercase, remove punctuation, remove the "
            "words a/an/the, collapse whitespace",
        )
        feedback.expect_close(
            evaluate.token_f1(pred, gold),
            float(squad_compute_f1(gold, pred)),
            f"token_f1({pred!r}, {gold!r})",
            hint="count shared tokens with multiplicity (Counter &), and "
            "return 1.0 only when both sides have no tokens",
        )


@pytest.mark.points(1)
def test_metrics_take_the_best_of_several_ground_truths():
    """with a list of ground truths, EM and F1 take the best one"""
    golds = ["two years", "2 years", "24 months"]
    for pred in ["2 years", "about 2 years", "24", "two", "none"]:
        feedback.expect_equal(
            evaluate.exact_match(pred, golds),
            float(max(squad_compute_exact(g, pred) for g in golds)),
            f"exact_match({pred!r}, {golds})",
        )
        feedback.expect_close(
            evaluate.token_f1(pred, golds),
            max(squad_compute_f1(g, pred) for g in golds),
            f"token_f1({pred!r}, {golds})",
            hint="compute the score against each ground truth; keep the maximum",
        )


@pytest.mark.points(2)
def test_recall_and_mrr_against_formulas():
    """recall_at_k and mean_reciprocal_rank on random rankings equal their definitions"""
    rng = random.Random(6)
    retrieved_lists, relevant_lists = [], []
    for _ in range(40):
        retrieved = rng.sample(range(30), rng.randint(0, 12))
        relevant = set(rng.sample(range(30), rng.randint(1, 4)))
        retrieved_lists.append(retrieved)
        relevant_lists.append(relevant)
        for k in (1, 3, 10):
            expected = sum(1 for r in relevant if r in retrieved[:k]) / len(relevant)
            feedback.expect_close(
                evaluate.recall_at_k(retrieved, relevant, k),
                expected,
                f"recall_at_k({retrieved}, {sorted(relevant)}, {k})",
                hint="count relevant items inside retrieved[:k], divide by "
                "the number of relevant items",
            )
    rr = []
    for retrieved, relevant in zip(retrieved_lists, relevant_lists):
        ranks = [n for n, item in enumerate(retrieved, start=1) if item in relevant]
        rr.append(1 / ranks[0] if ranks else 0.0)
    feedback.expect_close(
        evaluate.mean_reciprocal_rank(retrieved_lists, relevant_lists),
        sum(rr) / len(rr),
        "mean_reciprocal_rank over 40 random rankings",
        hint="1 / (1-based rank of the first relevant item), 0 if none; average over all queries",
    )


@pytest.mark.points(1)
def test_recall_counts_a_repeated_item_once():
    """recall_at_k with the same relevant item retrieved twice (two chunks of one document)"""
    feedback.expect_close(
        evaluate.recall_at_k([5, 5, 2], [5, 9], 2),
        0.5,
        "recall_at_k([5, 5, 2], [5, 9], 2)",
        hint="recall counts distinct relevant items found (use sets)",
    )
    feedback.expect_close(
        evaluate.recall_at_k((5, 2), [2, 5], 5),
        1.0,
        "recall_at_k((5, 2), [2, 5], 5): k beyond the list",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "n, c, k",
    [
        (1, 0, 1),
        (1, 1, 1),
        (2, 1, 1),
        (2, 1, 2),
        (10, 1, 10),
        (20, 5, 3),
        (20, 19, 2),
        (50, 7, 25),
        (100, 0, 10),
        (100, 100, 100),
        (200, 3, 100),
    ],
)
def test_pass_at_k_exact(n, c, k):
    """pass_at_k equals 1 - C(n-c, k) / C(n, k) computed exactly with fractions"""
    expected = float(1 - Fraction(math.comb(n - c, k), math.comb(n, k)))
    feedback.expect_close(
        evaluate.pass_at_k(n, c, k),
        expected,
        f"pass_at_k(n={n}, c={c}, k={k})",
        hint="the unbiased estimator 1 - C(n-c, k) / C(n, k); it is 1.0 "
        "when n - c < k and 0.0 when c = 0",
        atol=1e-12,
        rtol=1e-9,
    )


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "n, c, k", [(2000, 10, 200), (5000, 1, 1000), (10000, 250, 500), (20000, 3, 5000)]
)
def test_pass_at_k_large_n(n, c, k):
    """pass_at_k stays finite and exact for thousands of samples"""
    expected = float(1 - Fraction(math.comb(n - c, k), math.comb(n, k)))
    got = evaluate.pass_at_k(n, c, k)
    feedback.expect(
        isinstance(got, float) and math.isfinite(got),
        f"pass_at_k(n={n}, c={c}, k={k}) must be a finite float",
        hint="C(n, k) for n in the thousands overflows a float: use the product "
        "1 - prod(1 - k / i for i in range(n - c + 1, n + 1))",
        expected=round(expected, 9),
        got=got,
    )
    feedback.expect_close(
        got,
        expected,
        f"pass_at_k(n={n}, c={c}, k={k})",
        atol=1e-12,
        rtol=1e-9,
        hint="use the numerically stable product form",
    )


@pytest.mark.points(1)
def test_pass_at_k_rejects_impossible_arguments():
    """pass_at_k raises ValueError for c > n, c < 0, k < 1 or k > n"""
    # a rejection only counts if the edges of the valid range are accepted
    for n, c, k, expected in [(5, 0, 1, 0.0), (5, 5, 5, 1.0), (5, 2, 5, 1.0), (1, 1, 1, 1.0)]:
        try:
            got = evaluate.pass_at_k(n, c, k)
        except ValueError as error:
            feedback.fail(
                f"pass_at_k(n={n}, c={c}, k={k}) raised ValueError for valid arguments",
                expected,
                f"ValueError: {error}",
                hint="raise only outside 0 <= c <= n and 1 <= k <= n (the edges are valid)",
            )
        feedback.expect_close(got, expected, f"pass_at_k(n={n}, c={c}, k={k})", atol=1e-12)
    for n, c, k in [(5, 6, 1), (5, -1, 1), (5, 2, 0), (5, 2, 6)]:
        with pytest.raises(ValueError):
            evaluate.pass_at_k(n, c, k)
            feedback.fail(
                f"pass_at_k(n={n}, c={c}, k={k}) must raise ValueError",
                hint="check 0 <= c <= n and 1 <= k <= n first",
            )


def _kb_index():
    return retrieval.BM25Index([data.document_text(d) for d in data.load_knowledge_base()])


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [1, 3, 5])
def test_evaluate_retrieval_on_held_out_questions(k):
    """evaluate_retrieval of the reference index on the held-out questions equals the reference report"""
    index = _kb_index()
    questions = data.load_questions("hidden")
    expected = ref.evaluate_retrieval(index, questions, k)
    got = evaluate.evaluate_retrieval(index, questions, k)
    feedback.expect(
        isinstance(got, dict),
        "evaluate_retrieval must return a dict",
        expected="dict",
        got=type(got).__name__,
    )
    for key in ("k", "n_answerable", "n_unanswerable", "missed"):
        feedback.expect_equal(
            got.get(key),
            expected[key],
            f"report[{key!r}] with k={k}",
            hint="questions with empty gold_docs are unanswerable; 'missed' "
            "lists answerable ids with recall@k < 1 in input order",
        )
    for key in ("recall_at_k", "mrr", "answerable_top_score", "unanswerable_top_score"):
        feedback.expect_close(
            got.get(key, float("nan")),
            expected[key],
            f"report[{key!r}] with k={k}",
            hint="average over the answerable questions only (the top "
            "scores: over each group; 0.0 for an empty search)",
        )
    feedback.expect_equal(
        sorted(got.get("by_type", {})),
        sorted(expected["by_type"]),
        "the types in report['by_type']",
    )
    for t, row in expected["by_type"].items():
        for name, value in row.items():
            feedback.expect_close(
                got["by_type"][t][name], value, f"report['by_type'][{t!r}][{name!r}] with k={k}"
            )


class CountingIndex:
    def __init__(self, results):
        self.results, self.calls = results, []

    def search(self, query, k=5):
        self.calls.append((query, k))
        return self.results.get(query, [])[:k]


@pytest.mark.points(1)
def test_evaluate_retrieval_searches_once_with_k():
    """evaluate_retrieval searches each question once with the given k"""
    index = CountingIndex({"a?": [(1, 2.0), (0, 1.0), (2, 0.5)], "b?": []})
    questions = [
        {"id": "1", "question": "a?", "type": "lookup", "gold_docs": [2]},
        {"id": "2", "question": "b?", "type": "paraphrase", "gold_docs": [0]},
    ]
    report = evaluate.evaluate_retrieval(index, questions, 3)
    feedback.expect_equal(
        sorted(index.calls),
        [("a?", 3), ("b?", 3)],
        "the calls to index.search",
        hint="call index.search(question, k) once each",
    )
    feedback.expect_close(report["mrr"], (1 / 3 + 0) / 2, "report['mrr']")
    feedback.expect_close(
        report["unanswerable_top_score"],
        0.0,
        "report['unanswerable_top_score'] without unanswerable questions",
    )
