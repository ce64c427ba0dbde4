"""evaluate_problems clips a k larger than n to n instead of rejecting it"""

MODULE = "codegen.py"

MESSAGES = {"*test_k_larger_than_n_is_rejected*": ()}

REPLACE = [
    ("too_big = [k for k in k_values if not 1 <= k <= n]", "too_big = []"),
    (
        '"pass_at_k": {k: pass_at_k(n, c, k) for k in k_values}',
        '"pass_at_k": {k: pass_at_k(n, c, min(k, n)) for k in k_values}',
    ),
]
