"""fairness_report flags any nonzero gap instead of an interval that excludes 0"""
MODULE = "fairness.py"

MESSAGES = {"*test_report_does_not_flag_an_unbiased_scorer*": "interval excludes 0"}


def fairness_report(scorer, templates=TEMPLATES, groups=GROUP_PAIRS, n_boot=2000,
                    alpha=0.05, seed=0):
    def entry(pairs):
        _, differences = score_gap(scorer, pairs)
        gap, low, high = bootstrap_gap(differences, n_boot, alpha, seed)
        return {"n_pairs": len(pairs), "gap": gap, "low": low, "high": high,
                "flagged": gap != 0}

    report = entry(counterfactual_pairs(templates, groups))
    report["by_pair"] = {f"{a} vs {b}": entry(counterfactual_pairs(templates, [(a, b)]))
                         for a, b in _as_pairs(groups)}
    return report
