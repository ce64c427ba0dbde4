"""loss_optimal_allocation ignores the constants passed in (always Hoffmann et al.)"""
MODULE = "trends.py"

import numpy as np


def loss_optimal_allocation(compute, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    A, B, alpha, beta = 406.4, 410.7, 0.34, 0.28
    budget = np.asarray(compute, dtype=float) / 6.0
    scale = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    params = scale * budget ** (beta / (alpha + beta))
    tokens = budget / params
    if np.ndim(compute) == 0:
        return float(params), float(tokens)
    return params, tokens
