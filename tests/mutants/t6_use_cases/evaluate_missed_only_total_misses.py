"""evaluate_retrieval whose 'missed' list only holds questions with recall 0 (half-found multi-hop hidden)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        'if recall_at_k(ranked, q["gold_docs"], k) < 1],',
        'if recall_at_k(ranked, q["gold_docs"], k) == 0],',
    ),
]
