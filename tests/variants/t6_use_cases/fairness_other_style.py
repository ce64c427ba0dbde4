"""fairness written another way: pairs with split/join, the gap with statistics.mean, the
bootstrap with rng.choice and np.percentile, the report built pair by pair in a loop"""

MODULE = "fairness.py"

import statistics

import numpy as np


def counterfactual_pairs(templates, groups, placeholder="{group}"):
    term_pairs = list(groups.items()) if isinstance(groups, dict) else [tuple(p) for p in groups]
    out = []
    for template in templates:
        pieces = template.split(placeholder)
        if len(pieces) == 1:
            raise ValueError("no placeholder in " + template)
        out += [(a.join(pieces), b.join(pieces)) for a, b in term_pairs]
    return out


def score_gap(scorer, pairs):
    if len(pairs) == 0:
        raise ValueError("empty")
    diffs = []
    for a, b in pairs:
        diffs.append(float(scorer(a)) - float(scorer(b)))
    return statistics.mean(diffs), diffs


def bootstrap_gap(differences, n_boot=2000, alpha=0.05, seed=0):
    values = np.array(list(differences), dtype=np.float64)
    if len(values) == 0 or n_boot <= 0 or alpha <= 0 or alpha >= 1:
        raise ValueError("bad arguments")
    rng = np.random.default_rng(seed)
    resamples = rng.choice(values, size=(n_boot, len(values)), replace=True)
    boot = resamples.mean(axis=1)
    low = np.percentile(boot, 100 * alpha / 2)
    high = np.percentile(boot, 100 * (1 - alpha / 2))
    return float(values.mean()), float(low), float(high)


def fairness_report(
    scorer,
    templates=TEMPLATES,
    groups=GROUP_PAIRS,
    n_boot=2000,  # noqa: F821
    alpha=0.05,
    seed=0,
):
    term_pairs = list(groups.items()) if isinstance(groups, dict) else list(groups)

    def summary(prompt_pairs):
        diffs = score_gap(scorer, prompt_pairs)[1]
        gap, low, high = bootstrap_gap(diffs, n_boot=n_boot, alpha=alpha, seed=seed)
        return dict(
            n_pairs=len(prompt_pairs), gap=gap, low=low, high=high, flagged=not (low <= 0 <= high)
        )

    report = summary(counterfactual_pairs(templates, term_pairs))
    report["by_pair"] = {}
    for a, b in term_pairs:
        report["by_pair"][a + " vs " + b] = summary(counterfactual_pairs(templates, [(a, b)]))
    return report
