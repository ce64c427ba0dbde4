"""pass_at_k with the biased estimator 1 - (1 - c/n)**k (sampling with replacement)"""

MODULE = "evaluate.py"


def pass_at_k(n, c, k):
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError("bad arguments")
    return 1.0 - (1.0 - c / n) ** k
