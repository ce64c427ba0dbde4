"""mean_reciprocal_rank with ranks counted from 0 + 1 only for the first item (1/(rank+1) off by one)"""

MODULE = "evaluate.py"

REPLACE = [
    (
        'raise ValueError("need as many relevant sets as retrieved lists, at least one")',
        'raise ValueError("lengths")',
    ),
    (
        "        relevant = set(relevant)\n",
        "",
    ),
    (
        "if item in relevant:\n                total += 1.0 / rank",
        "if item in set(relevant):\n                total += 1.0 / (rank + 1) if rank > 1 else 1.0",
    ),
]
