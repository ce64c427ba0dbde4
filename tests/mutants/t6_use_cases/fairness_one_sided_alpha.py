"""bootstrap_gap takes the alpha and 1 - alpha quantiles (alpha in each tail: a 90% interval for alpha=0.05)"""

MODULE = "fairness.py"

REPLACE = [
    ("[alpha / 2, 1 - alpha / 2])\n", "[alpha, 1 - alpha])\n"),
]
