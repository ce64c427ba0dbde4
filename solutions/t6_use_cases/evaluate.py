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
    ### BEGIN SOLUTION (task 4)
    relevant = set(relevant)
    if not relevant:
        raise ValueError("recall@k is undefined for a query without relevant items")
    return len(relevant & set(retrieved[:k])) / len(relevant)
    ### END SOLUTION


def mean_reciprocal_rank(
    retrieved_lists: Sequence[Sequence], relevant_lists: Sequence[Collection]
) -> float:
    """MRR over several queries: the mean of 1 / (rank of the first relevant item).

    ``retrieved_lists[i]`` is query i's ranked list (best first), ``relevant_lists[i]`` its
    gold ids. Ranks start at 1; a query whose list holds no relevant item contributes 0.
    ``mean_reciprocal_rank([[3, 1], [5, 6, 7]], [{1}, {7}]) == (1/2 + 1/3) / 2``.
    The two lists must have the same, non-zero length (``ValueError`` otherwise).
    """
    ### BEGIN SOLUTION (task 4)
    if len(retrieved_lists) != len(relevant_lists) or not retrieved_lists:
        raise ValueError("need as many relevant sets as retrieved lists, at least one")
    total = 0.0
    for retrieved, relevant in zip(retrieved_lists, relevant_lists):
        relevant = set(relevant)
        for rank, item in enumerate(retrieved, start=1):
            if item in relevant:
                total += 1.0 / rank
                break
    return total / len(retrieved_lists)
    ### END SOLUTION


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lowercase, remove punctuation, remove the articles a/an/the,
    and collapse whitespace to single spaces (in this order).

    ``normalize_answer("The  Lumo-Lamp!") == "lumolamp"``
    """
    ### BEGIN SOLUTION (task 5)
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())
    ### END SOLUTION


def exact_match(prediction: str, ground_truth: str | list[str]) -> float:
    """1.0 if the normalised prediction equals a normalised ground truth, else 0.0.

    ``ground_truth`` is one string or a list of acceptable strings (a match with any one
    counts).
    """
    ### BEGIN SOLUTION (task 5)
    truths = [ground_truth] if isinstance(ground_truth, str) else list(ground_truth)
    pred = normalize_answer(prediction)
    return float(any(pred == normalize_answer(t) for t in truths))
    ### END SOLUTION


def token_f1(prediction: str, ground_truth: str | list[str]) -> float:
    """SQuAD token F1 between the prediction and the ground truth (the best one of a list).

    Split both normalised strings on whitespace; the overlap counts shared tokens with
    multiplicity (``Counter`` intersection). precision = overlap / prediction tokens,
    recall = overlap / ground-truth tokens, F1 = 2PR / (P + R), and 0.0 without overlap.
    If either side has no tokens, F1 is 1.0 when both are empty and 0.0 otherwise.
    """
    ### BEGIN SOLUTION (task 5)
    truths = [ground_truth] if isinstance(ground_truth, str) else list(ground_truth)
    pred_tokens = normalize_answer(prediction).split()
    best = 0.0
    for truth in truths:
        gold_tokens = normalize_answer(truth).split()
        if not pred_tokens or not gold_tokens:
            score = float(pred_tokens == gold_tokens)
        else:
            overlap = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
            if overlap == 0:
                score = 0.0
            else:
                precision = overlap / len(pred_tokens)
                recall = overlap / len(gold_tokens)
                score = 2 * precision * recall / (precision + recall)
        best = max(best, score)
    return best
    ### END SOLUTION


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k estimator (Chen et al. 2021) from ``n`` samples with ``c`` correct.

    The probability that at least one of ``k`` samples drawn without replacement from the
    ``n`` is correct: ``1 - C(n - c, k) / C(n, k)``. Compute it without huge binomials, as
    ``1 - prod over i = n - c + 1 .. n of (1 - k / i)`` (and 1.0 when ``n - c < k``), so that
    it stays exact for n in the thousands. Needs ``0 <= c <= n`` and ``1 <= k <= n``
    (``ValueError`` otherwise).
    """
    ### BEGIN SOLUTION (task 6)
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"need 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    if n - c < k:
        return 1.0
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))
    ### END SOLUTION


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
    ### BEGIN SOLUTION (task 7)
    def mean(values):
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    rows = []
    for q in questions:
        results = index.search(q["question"], k)
        ranked = [i for i, _ in results]
        top = results[0][1] if results else 0.0
        rows.append((q, ranked, top))
    answerable = [r for r in rows if r[0]["gold_docs"]]
    unanswerable = [r for r in rows if not r[0]["gold_docs"]]

    def summary(group):
        return {
            "n": len(group),
            "recall_at_k": mean(recall_at_k(ranked, q["gold_docs"], k) for q, ranked, _ in group),
            "mrr": mean_reciprocal_rank([r[1] for r in group], [r[0]["gold_docs"] for r in group])
            if group else 0.0,
        }

    overall = summary(answerable)
    by_type = {}
    for qtype in sorted({q["type"] for q, _, _ in answerable}):
        by_type[qtype] = summary([r for r in answerable if r[0]["type"] == qtype])
    return {
        "k": k,
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "recall_at_k": overall["recall_at_k"],
        "mrr": overall["mrr"],
        "by_type": by_type,
        "missed": [q["id"] for q, ranked, _ in answerable
                   if recall_at_k(ranked, q["gold_docs"], k) < 1],
        "answerable_top_score": mean(top for _, _, top in answerable),
        "unanswerable_top_score": mean(top for _, _, top in unanswerable),
    }
    ### END SOLUTION
