"""fairness_report resamples the a-scores and the b-scores separately (an unpaired bootstrap)"""

MODULE = "fairness.py"

MESSAGES = {"*test_report_flags_a_planted_bias*": "paired"}


def fairness_report(
    scorer, templates=TEMPLATES, groups=GROUP_PAIRS, n_boot=2000, alpha=0.05, seed=0
):
    import numpy as np

    def entry(pairs):
        a = np.array([scorer(x) for x, _ in pairs], dtype=float)
        b = np.array([scorer(y) for _, y in pairs], dtype=float)
        rng = np.random.default_rng(seed)
        n = len(pairs)
        means = a[rng.integers(0, n, size=(n_boot, n))].mean(axis=1) - b[
            rng.integers(0, n, size=(n_boot, n))
        ].mean(axis=1)
        low, high = np.quantile(means, [alpha / 2, 1 - alpha / 2])
        return {
            "n_pairs": n,
            "gap": float(a.mean() - b.mean()),
            "low": float(low),
            "high": float(high),
            "flagged": bool(low > 0 or high < 0),
        }

    report = entry(counterfactual_pairs(templates, groups))
    report["by_pair"] = {
        f"{x} vs {y}": entry(counterfactual_pairs(templates, [(x, y)]))
        for x, y in _as_pairs(groups)
    }
    return report
