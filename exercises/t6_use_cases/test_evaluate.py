"""Visible tests for evaluate.py: retrieval and answer metrics, pass@k, the evaluation report."""

import math

import pytest

from grader.core import feedback, target

evaluate = target.module("t6_use_cases.evaluate")


# ---------------------------------------------------------------- recall@k and MRR (task 4)


@pytest.mark.points(1)
def test_recall_at_k_examples():
    """recall_at_k is the fraction of the relevant items found in the top k"""
    cases = [(([4, 7, 1], {1, 9}, 2), 0.0), (([4, 7, 1], {1, 9}, 3), 0.5),
             (([1, 9, 4], {1, 9}, 2), 1.0), (([4, 1, 1], {1, 9}, 3), 0.5)]
    for args, expected in cases:
        feedback.expect_close(evaluate.recall_at_k(*args), expected,
                              f"recall_at_k{args}",
                              hint="|relevant found in retrieved[:k]| / |relevant| "
                                   "(divide by the number of relevant items, not by k)")
    with pytest.raises(ValueError):
        evaluate.recall_at_k([1, 2], set(), 2)
        feedback.fail("recall_at_k with no relevant items must raise ValueError")


@pytest.mark.points(1)
def test_mean_reciprocal_rank_examples():
    """mean_reciprocal_rank averages 1/rank of the first relevant item (0 when none)"""
    feedback.expect_close(evaluate.mean_reciprocal_rank([[3, 1], [5, 6, 7]], [{1}, {7}]),
                          (1 / 2 + 1 / 3) / 2, "mean_reciprocal_rank([[3, 1], [5, 6, 7]], [{1}, {7}])",
                          hint="ranks start at 1: the first item has reciprocal rank 1")
    feedback.expect_close(evaluate.mean_reciprocal_rank([[2, 5, 8], [4]], [{5, 8}, {9}]),
                          (1 / 2 + 0) / 2, "mean_reciprocal_rank([[2, 5, 8], [4]], [{5, 8}, {9}])",
                          hint="only the FIRST relevant item counts; a query without one adds 0")


# ---------------------------------------------------------------- EM and F1 (task 5)


@pytest.mark.points(1)
def test_exact_match_normalises():
    """exact_match ignores case, punctuation, articles and extra spaces"""
    feedback.expect_equal(evaluate.normalize_answer("The  Lumo-Lamp!"), "lumolamp",
                          'normalize_answer("The  Lumo-Lamp!")',
                          hint="lowercase, drop punctuation, drop a/an/the, collapse spaces")
    feedback.expect_equal(evaluate.exact_match("  The 30 days.", "30 days"), 1.0,
                          'exact_match("  The 30 days.", "30 days")')
    feedback.expect_equal(evaluate.exact_match("30 days", "thirty days"), 0.0,
                          'exact_match("30 days", "thirty days")')
    feedback.expect_equal(evaluate.exact_match("two years", ["2 years", "Two years"]), 1.0,
                          'exact_match("two years", ["2 years", "Two years"])',
                          hint="a list of ground truths: any match counts")


@pytest.mark.points(1)
def test_token_f1_example():
    """token_f1 is the harmonic mean of token precision and recall after normalisation"""
    # prediction tokens: within 10 business days (4); gold: 10 business days (3); overlap 3
    p, r = 3 / 4, 3 / 3
    feedback.expect_close(evaluate.token_f1("Within 10 business days.", "10 business days"),
                          2 * p * r / (p + r), 'token_f1("Within 10 business days.", "10 business days")',
                          hint="precision = overlap / prediction tokens, recall = overlap / gold tokens")
    feedback.expect_close(evaluate.token_f1("no idea", "29 euros"), 0.0,
                          'token_f1("no idea", "29 euros")')
    feedback.expect_close(evaluate.token_f1("29 euros", ["twenty-nine", "29 euros each"]),
                          0.8, 'token_f1("29 euros", ["twenty-nine", "29 euros each"]): the best',
                          hint="compute F1 against each ground truth and keep the maximum")


# ---------------------------------------------------------------- pass@k (task 6)


@pytest.mark.points(1)
def test_pass_at_k_hand_computed():
    """pass_at_k equals 1 - C(n-c, k) / C(n, k) on small cases"""
    for n, c, k in [(5, 2, 2), (10, 3, 1), (10, 3, 5), (4, 0, 2), (4, 4, 1), (6, 3, 4)]:
        expected = 1 - math.comb(n - c, k) / math.comb(n, k)
        feedback.expect_close(evaluate.pass_at_k(n, c, k), expected, f"pass_at_k(n={n}, c={c}, k={k})",
                              hint="the unbiased estimator draws k of the n samples without "
                                   "replacement, not 1 - (1 - c/n)**k", atol=1e-12, rtol=1e-12)


# ---------------------------------------------------------------- evaluate_retrieval (task 7)


class FixedIndex:
    """A stand-in index that returns prepared results."""

    def __init__(self, results):
        self.results = results

    def search(self, query, k=5):
        return self.results[query][:k]


@pytest.mark.points(2)
def test_evaluate_retrieval_report():
    """evaluate_retrieval reports recall@k, MRR, per-type numbers and the missed questions"""
    index = FixedIndex({
        "q1?": [(3, 5.0), (1, 2.0)],
        "q2?": [(0, 4.0), (2, 3.0), (5, 1.0)],
        "q3?": [(7, 1.5)],
        "q4?": [],
    })
    questions = [
        {"id": "a", "question": "q1?", "type": "lookup", "gold_docs": [1]},
        {"id": "b", "question": "q2?", "type": "multi_hop", "gold_docs": [2, 9]},
        {"id": "c", "question": "q3?", "type": "unanswerable", "gold_docs": []},
        {"id": "d", "question": "q4?", "type": "lookup", "gold_docs": [4]},
    ]
    got = evaluate.evaluate_retrieval(index, questions, 2)
    feedback.expect(isinstance(got, dict), "evaluate_retrieval must return a dict",
                    expected="dict", got=type(got).__name__)
    expected = {
        "k": 2, "n_answerable": 3, "n_unanswerable": 1,
        "recall_at_k": (1 + 0.5 + 0) / 3, "mrr": (1 / 2 + 1 / 2 + 0) / 3,
        "by_type": {"lookup": {"n": 2, "recall_at_k": 0.5, "mrr": 0.25},
                    "multi_hop": {"n": 1, "recall_at_k": 0.5, "mrr": 0.5}},
        "missed": ["b", "d"], "answerable_top_score": (5.0 + 4.0 + 0.0) / 3,
        "unanswerable_top_score": 1.5,
    }
    for key, value in expected.items():
        feedback.expect(key in got, f"the report has no {key!r} entry", expected=key,
                        got=sorted(got))
        if isinstance(value, float):
            feedback.expect_close(got[key], value, f"report[{key!r}]",
                                  hint="unanswerable questions (no gold_docs) stay out of "
                                       "recall and MRR")
        elif key == "by_type":
            feedback.expect_equal(sorted(got[key]), sorted(value), "the types in report['by_type']",
                                  hint="only types of answerable questions")
            for t, row in value.items():
                for name, v in row.items():
                    feedback.expect_close(got[key][t][name], v, f"report['by_type'][{t!r}][{name!r}]")
        else:
            feedback.expect_equal(got[key], value, f"report[{key!r}]",
                                  hint="'missed': answerable questions with recall@k < 1")
