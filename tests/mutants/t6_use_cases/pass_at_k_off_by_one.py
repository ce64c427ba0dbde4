"""pass_at_k whose product runs over i = n - c .. n - 1 (off by one)"""
MODULE = "evaluate.py"

import math


def pass_at_k(n, c, k):
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError("bad arguments")
    if n - c < k:
        return 1.0
    return 1.0 - math.prod(1.0 - k / i for i in range(max(n - c, 1), n))
