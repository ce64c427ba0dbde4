"""fairness_report's by_pair entries all use every prompt pair instead of that term pair's"""

MODULE = "fairness.py"

REPLACE = [
    (
        'report["by_pair"] = {f"{a} vs {b}": entry(counterfactual_pairs(templates, [(a, b)]))\n'
        "                         for a, b in _as_pairs(groups)}",
        'report["by_pair"] = {f"{a} vs {b}": dict(report) for a, b in _as_pairs(groups)}',
    ),
]
