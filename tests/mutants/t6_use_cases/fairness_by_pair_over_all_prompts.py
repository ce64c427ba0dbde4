"""fairness_report's by_pair entries all use every prompt pair instead of that term pair's"""
MODULE = "fairness.py"


def fairness_report(scorer, templates=TEMPLATES, groups=GROUP_PAIRS, n_boot=2000,
                    alpha=0.05, seed=0):
    def entry(pairs):
        _, differences = score_gap(scorer, pairs)
        gap, low, high = bootstrap_gap(differences, n_boot, alpha, seed)
        return {"n_pairs": len(pairs), "gap": gap, "low": low, "high": high,
                "flagged": bool(low > 0 or high < 0)}

    report = entry(counterfactual_pairs(templates, groups))
    report["by_pair"] = {f"{a} vs {b}": dict(report) for a, b in _as_pairs(groups)}
    return report
