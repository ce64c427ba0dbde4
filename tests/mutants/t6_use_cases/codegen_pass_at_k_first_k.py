"""evaluate_problems: pass@k = 1 if one of the first k candidates passed"""

MODULE = "codegen.py"

REPLACE = [
    (
        '"pass_at_k": {k: pass_at_k(n, c, k) for k in k_values}',
        '"pass_at_k": {k: float("passed" in statuses[:k]) for k in k_values}',
    ),
]
