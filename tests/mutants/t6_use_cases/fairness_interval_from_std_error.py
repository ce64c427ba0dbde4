"""bootstrap_gap returns mean +- 1.96 standard errors instead of the bootstrap percentiles"""

MODULE = "fairness.py"

MESSAGES = {"*test_bootstrap_against_an_independent_computation*": "standard-error"}


def bootstrap_gap(differences, n_boot=2000, alpha=0.05, seed=0):
    import numpy as np

    d = np.asarray(differences, dtype=float)
    if d.size == 0 or n_boot < 1 or not 0 < alpha < 1:
        raise ValueError("bad arguments")
    se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
    mean = float(d.mean())
    return mean, float(mean - 1.96 * se), float(mean + 1.96 * se)
