"""token_f1 that returns 0.0 whenever a side is empty (also when both are)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        "score = float(pred_tokens == gold_tokens)",
        "score = 0.0",
    ),
]
