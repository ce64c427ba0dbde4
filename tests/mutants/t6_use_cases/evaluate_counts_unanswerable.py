"""evaluate_retrieval that averages recall and MRR over all questions (unanswerable ones count as 0)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        "overall = summary(answerable)",
        "overall = summary(rows)",
    ),
    (
        'mean(recall_at_k(ranked, q["gold_docs"], k) for q, ranked, _ in group)',
        'mean(recall_at_k(ranked, q["gold_docs"], k) if q["gold_docs"] else 0.0 for q, ranked, _ in group)',
    ),
]
