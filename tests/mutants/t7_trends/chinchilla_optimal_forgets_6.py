"""chinchilla_optimal solves N·D = C, forgetting the 6 FLOP per parameter and token"""

MODULE = "trends.py"


def chinchilla_optimal(compute, tokens_per_param=20.0):
    params = (compute / tokens_per_param) ** 0.5
    return params, tokens_per_param * params
