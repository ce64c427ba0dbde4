"""pass_at_k with float binomial coefficients (overflows for large n)"""
MODULE = "evaluate.py"

import math


def pass_at_k(n, c, k):
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError("bad arguments")
    if n - c < k:
        return 1.0
    return 1.0 - float(math.comb(n - c, k)) / float(math.comb(n, k))
