"""Custom evaluation: the numbers that say whether the assistant works for *your* use case.

Public benchmarks say little about your knowledge base and your customers' questions. A small
labelled set of your own (questions, the documents that answer them, short gold answers)
and a handful of well-defined metrics do: retrieval metrics (recall@k, MRR) say whether the
right documents reach the prompt, answer metrics (exact match, token F1) whether the answer
is right, and pass@k how likely at least one of k tries succeeds.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Collection, Sequence


def recall_at_k(retrieved: Sequence, relevant: Collection, k: int) -> float:
    """Recall@k of one query: the fraction of the ``relevant`` items among ``retrieved[:k]``.

    ``retrieved`` is the ranked list of ids (best first), ``relevant`` the gold ids.
    ``recall_at_k([4, 7, 1], {1, 9}, 2) == 0.0``, ``recall_at_k([4, 7, 1], {1, 9}, 3) == 0.5``.
    An item retrieved twice counts once. Recall is undefined without relevant items: an
    empty ``relevant`` raises ``ValueError``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("recall_at_k — task 4 in exercises/t6_use_cases/README.md")


def mean_reciprocal_rank(
    retrieved_lists: Sequence[Sequence], relevant_lists: Sequence[Collection]
) -> float:
    """MRR over several queries: the mean of 1 / (rank of the first relevant item).

    ``retrieved_lists[i]`` is query i's ranked list (best first), ``relevant_lists[i]`` its
    gold ids. Ranks start at 1; a query whose list holds no relevant item contributes 0.
    ``mean_reciprocal_rank([[3, 1], [5, 6, 7]], [{1}, {7}]) == (1/2 + 1/3) / 2``.
    The two lists must have the same, non-zero length (``ValueError`` otherwise).
    """
    # YOUR CODE HERE
    raise NotImplementedError("mean_reciprocal_rank — task 4 in exercises/t6_use_cases/README.md")


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lowercase, remove punctuation, remove the articles a/an/the,
    and collapse whitespace to single spaces (in this order).

    ``normalize_answer("The  Lumo-Lamp!") == "lumolamp"``
    """
    # YOUR CODE HERE
    raise NotImplementedError("normalize_answer — task 5 in exercises/t6_use_cases/README.md")


def exact_match(prediction: str, ground_truth: str | list[str]) -> float:
    """1.0 if the normalised prediction equals a normalised ground truth, else 0.0.

    ``ground_truth`` is one string or a list of acceptable strings (a match with any one
    counts).
    """
    # YOUR CODE HERE
    raise NotImplementedError("exact_match — task 5 in exercises/t6_use_cases/README.md")


def token_f1(prediction: str, ground_truth: str | list[str]) -> float:
    """SQuAD token F1 between the prediction and the ground truth (the best one of a list).

    Split both normalised strings on whitespace; the overlap counts shared tokens with
    multiplicity (``Counter`` intersection). precision = overlap / prediction tokens,
    recall = overlap / ground-truth tokens, F1 = 2PR / (P + R), and 0.0 without overlap.
    If either side has no tokens, F1 is 1.0 when both are empty and 0.0 otherwise.
    """
    # YOUR CODE HERE
    raise NotImplementedError("token_f1 — task 5 in exercises/t6_use_cases/README.md")


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k estimator (Chen et al. 2021) from ``n`` samples with ``c`` correct.

    The probability that at least one of ``k`` samples drawn without replacement from the
    ``n`` is correct: ``1 - C(n - c, k) / C(n, k)``. Compute it without huge binomials, as
    ``1 - prod over i = n - c + 1 .. n of (1 - k / i)`` (and 1.0 when ``n - c < k``), so that
    it stays exact for n in the thousands. Needs ``0 <= c <= n`` and ``1 <= k <= n``
    (``ValueError`` otherwise).
    """
    # YOUR CODE HERE
    raise NotImplementedError("pass_at_k — task 6 in exercises/t6_use_cases/README.md")


def evaluate_retrieval(index, questions: list[dict], k: int = 5) -> dict:
    """Run every question through ``index.search(question["question"], k)`` and report.

    Each question is a dict with ``id``, ``question``, ``type`` and ``gold_docs`` (the
    indices of the documents that answer it; empty when the knowledge base does not
    answer it), as ``load_questions`` gives them. Search each question once; recall and
    MRR use the ranked document indices of that search. Returns::

        {
          "k": k,
          "n_answerable": questions with gold documents,
          "n_unanswerable": questions without,
          "recall_at_k": mean recall_at_k over the answerable questions,
          "mrr": mean_reciprocal_rank over the answerable questions,
          "by_type": {type: {"n": ..., "recall_at_k": ..., "mrr": ...}}   (answerable types),
          "missed": [ids of answerable questions with recall@k < 1, in input order],
          "answerable_top_score": mean best score over the answerable questions,
          "unanswerable_top_score": mean best score over the unanswerable ones,
        }

    A question whose search returns nothing has best score 0.0. A mean over no questions
    is 0.0.
    """
    # YOUR CODE HERE
    raise NotImplementedError("evaluate_retrieval — task 7 in exercises/t6_use_cases/README.md")
