"""loss_optimal_allocation spends N·D = C, forgetting the 6"""
MODULE = "trends.py"

import numpy as np


def loss_optimal_allocation(compute, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    budget = np.asarray(compute, dtype=float)
    scale = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    params = scale * budget ** (beta / (alpha + beta))
    tokens = budget / params
    if np.ndim(compute) == 0:
        return float(params), float(tokens)
    return params, tokens
