"""token_f1 that counts the overlap with sets (repeated tokens count once)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        "overlap = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())",
        "overlap = len(set(pred_tokens) & set(gold_tokens))",
    ),
]
