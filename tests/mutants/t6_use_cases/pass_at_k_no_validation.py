"""pass_at_k without argument checks (k > n silently gives 1.0)"""

MODULE = "evaluate.py"

import math


def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))
