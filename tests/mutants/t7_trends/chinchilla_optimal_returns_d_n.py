"""chinchilla_optimal returns (D, N) instead of (N, D)"""

MODULE = "trends.py"


def chinchilla_optimal(compute, tokens_per_param=20.0):
    params = (compute / (6.0 * tokens_per_param)) ** 0.5
    return tokens_per_param * params, params
