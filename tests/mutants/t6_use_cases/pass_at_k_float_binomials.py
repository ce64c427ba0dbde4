"""pass_at_k with float binomial coefficients (overflows for large n)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        "return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))",
        "return 1.0 - float(math.comb(n - c, k)) / float(math.comb(n, k))",
    ),
]
