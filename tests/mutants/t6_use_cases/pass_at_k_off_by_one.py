"""pass_at_k whose product runs over i = n - c .. n - 1 (off by one)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        "return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))",
        "return 1.0 - math.prod(1.0 - k / i for i in range(max(n - c, 1), n))",
    ),
]
