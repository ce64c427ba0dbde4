"""bootstrap_gap takes the alpha and 1 - alpha quantiles (alpha in each tail: a 90% interval for alpha=0.05)"""

MODULE = "fairness.py"

MESSAGES = {"*test_bootstrap_against_an_independent_computation*": "too narrow"}


def bootstrap_gap(differences, n_boot=2000, alpha=0.05, seed=0):
    import numpy as np

    d = np.asarray(differences, dtype=float)
    if d.size == 0 or n_boot < 1 or not 0 < alpha < 1:
        raise ValueError("bad arguments")
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(axis=1)
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(d.mean()), float(low), float(high)
