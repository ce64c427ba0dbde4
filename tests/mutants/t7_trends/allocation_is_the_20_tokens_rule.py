"""loss_optimal_allocation ignores the constants and applies the 20-tokens-per-parameter rule"""

MODULE = "trends.py"


def loss_optimal_allocation(compute, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    return chinchilla_optimal(compute, 20.0)
