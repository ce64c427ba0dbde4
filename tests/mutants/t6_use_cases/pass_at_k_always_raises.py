"""pass_at_k that raises ValueError for every argument (it must not earn the rejection point)"""

MODULE = "evaluate.py"
MESSAGES = {"*test_pass_at_k_rejects_impossible_arguments*": ()}


def pass_at_k(n, c, k):
    raise ValueError(f"need 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
