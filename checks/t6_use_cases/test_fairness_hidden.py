"""Hidden checks for fairness.py: pairs against a hand-made table, the bootstrap against an
independent re-implementation and hand-checked cases, planted biased and unbiased scorers."""

import random
import re

import numpy as np
import pytest

from grader.core import feedback, target

fairness = target.module("t6_use_cases.fairness")
ref = target.oracle("t6_use_cases.fairness")

GROUP_WORDS = {"young", "elderly", "male", "female"}


def planted_scorer(bias_term=None, bias=0.3, noise=0.1, seed=5):
    """A scorer whose base depends on the template (large spread), plus bias and noise."""

    def score(text):
        words = re.findall(r"\w+", text.lower())
        template = " ".join("_" if w in GROUP_WORDS else w for w in words)
        value = random.Random(f"base|{template}").gauss(0.0, 0.6)
        if bias_term is not None and bias_term in words:
            value += bias
        return value + random.Random(f"{seed}|{text}").gauss(0.0, noise)

    return score


def _bootstrap_by_hand(differences, n_boot, alpha, seed):
    """Independent: one rng.integers call per resample, sorted means, linear interpolation."""
    d = [float(x) for x in differences]
    n = len(d)
    rng = np.random.default_rng(seed)
    means = sorted(sum(d[i] for i in rng.integers(0, n, size=n)) / n for _ in range(n_boot))

    def quantile(q):
        pos = q * (n_boot - 1)
        lo = int(pos)
        hi = min(lo + 1, n_boot - 1)
        return means[lo] + (means[hi] - means[lo]) * (pos - lo)

    return sum(d) / n, quantile(alpha / 2), quantile(1 - alpha / 2)


@pytest.mark.points(2)
def test_pairs_against_a_hand_made_table():
    """counterfactual_pairs: order, every occurrence replaced, other braces kept, dict groups"""
    templates = [
        "A {group} customer.",
        "{group} and {group} friends",
        "Order {id}: {group} buyer {}",
    ]
    groups = {"young": "elderly", "male": "female"}
    expected = [
        ("A young customer.", "A elderly customer."),
        ("A male customer.", "A female customer."),
        ("young and young friends", "elderly and elderly friends"),
        ("male and male friends", "female and female friends"),
        ("Order {id}: young buyer {}", "Order {id}: elderly buyer {}"),
        ("Order {id}: male buyer {}", "Order {id}: female buyer {}"),
    ]
    got = fairness.counterfactual_pairs(templates, groups)
    if got != expected:
        for i, (g, e) in enumerate(zip(got, expected)):
            if g != e:
                feedback.fail(
                    f"counterfactual_pairs, pair {i}",
                    e,
                    g,
                    "templates outside, term pairs inside (dict items in order); "
                    "replace EVERY {group} with str.replace, leave other braces alone "
                    "(str.format would fail on them)",
                )
        feedback.fail("counterfactual_pairs: number of pairs", len(expected), len(got))
    feedback.expect_equal(
        fairness.counterfactual_pairs(templates, list(groups.items())),
        expected,
        "counterfactual_pairs with the same groups as a list of pairs",
    )


@pytest.mark.points(1)
def test_pairs_reject_a_template_without_the_placeholder():
    """a template lacking {group} anywhere in the list raises ValueError (not skipped)"""
    feedback.expect_equal(
        fairness.counterfactual_pairs([], [("a", "b")]), [], "counterfactual_pairs of no templates"
    )
    feedback.expect_equal(
        fairness.counterfactual_pairs(["{group}"], [("a", "b")]),
        [("a", "b")],
        'counterfactual_pairs(["{group}"], [("a", "b")]) (valid input)',
    )
    try:
        got = fairness.counterfactual_pairs(
            ["A {group} customer.", "No placeholder here."], [("young", "elderly")]
        )
    except ValueError:
        return
    feedback.fail(
        "a template without {group} raises ValueError",
        "ValueError",
        got,
        "its two prompts would be identical; skipping it silently hides a broken "
        "template set, so raise",
    )


@pytest.mark.points(1)
def test_score_gap_sign_and_order():
    """score_gap: scorer(a) - scorer(b) per pair, in order, and their mean"""
    table = {"a1": 0.9, "b1": 0.4, "a2": 0.1, "b2": 0.6, "a3": 2.0, "b3": 2.0}
    gap, diffs = fairness.score_gap(table.__getitem__, [("a1", "b1"), ("a2", "b2"), ("a3", "b3")])
    expected = [0.5, -0.5, 0.0]
    feedback.expect(
        len(diffs) == 3 and all(abs(g - e) < 1e-12 for g, e in zip(diffs, expected)),
        "score_gap differences",
        expected=expected,
        got=diffs,
        hint="scorer(a) - scorer(b) (first minus second), one per pair in order",
    )
    feedback.expect(abs(gap) < 1e-12, "score_gap mean of [0.5, -0.5, 0.0]", expected=0.0, got=gap)
    with pytest.raises(ValueError):
        fairness.score_gap(len, [])


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "n, n_boot, alpha, seed", [(40, 2000, 0.05, 0), (7, 500, 0.1, 3), (25, 999, 0.01, 12)]
)
def test_bootstrap_against_an_independent_computation(n, n_boot, alpha, seed):
    """bootstrap_gap equals a resample-by-resample re-implementation with the same rng stream"""
    d = np.random.default_rng(100 + n).normal(0.1, 0.3, size=n).tolist()
    expected = _bootstrap_by_hand(d, n_boot, alpha, seed)
    got = fairness.bootstrap_gap(d, n_boot=n_boot, alpha=alpha, seed=seed)
    ok = (
        isinstance(got, tuple)
        and len(got) == 3
        and all(abs(g - e) < 1e-9 for g, e in zip(got, expected))
    )
    if not ok:
        hint = (
            "resample the differences with rng = np.random.default_rng(seed), "
            "idx = rng.integers(0, n, size=(n_boot, n)), means = d[idx].mean(axis=1), "
            "then np.quantile(means, [alpha / 2, 1 - alpha / 2])"
        )
        if isinstance(got, tuple) and len(got) == 3:
            width, exp_width = got[2] - got[1], expected[2] - expected[1]
            if abs(width - exp_width) > 1e-9 and abs(got[1] + got[2] - 2 * got[0]) < 1e-9:
                hint = (
                    "an interval symmetric around the mean: that is a normal (standard-error) "
                    "interval, not the percentile bootstrap; " + hint
                )
            elif width < exp_width:
                hint = (
                    "the interval is too narrow: alpha is two-sided, alpha / 2 in each tail; "
                    + hint
                )
        feedback.fail(
            f"bootstrap_gap(n={n}, n_boot={n_boot}, alpha={alpha}, seed={seed})",
            tuple(round(x, 6) for x in expected),
            got,
            hint,
        )


@pytest.mark.points(1)
def test_bootstrap_hand_checked_cases():
    """bootstrap_gap on cases worked out by hand, and its argument checks"""
    got = fairness.bootstrap_gap([0.0, 1.0, 0.0, 1.0], n_boot=4000, alpha=0.05, seed=1)
    # resample means are k/4 for k ~ Binomial(4, 1/2): P(0) = 1/16 > 2.5%, P(1) = 1/16
    feedback.expect(
        got == (0.5, 0.0, 1.0),
        "bootstrap_gap([0, 1, 0, 1], 4000, 0.05)",
        expected=(0.5, 0.0, 1.0),
        got=got,
        hint="the percentile interval of the resampled means, alpha / 2 per tail",
    )
    got = fairness.bootstrap_gap([-0.2], n_boot=10)
    feedback.expect(
        all(abs(v + 0.2) < 1e-12 for v in got),
        "bootstrap_gap([-0.2])",
        expected=(-0.2, -0.2, -0.2),
        got=got,
    )
    for kwargs in [
        dict(differences=[]),
        dict(differences=[1.0], n_boot=0),
        dict(differences=[1.0], alpha=0.0),
        dict(differences=[1.0], alpha=1.0),
    ]:
        with pytest.raises(ValueError):
            fairness.bootstrap_gap(**kwargs)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_report_flags_a_planted_bias(seed):
    """a scorer that rates texts about elderly customers 0.3 higher is flagged, with the right sign"""
    report = fairness.fairness_report(planted_scorer("elderly", 0.3), seed=seed)
    numbers = (round(report["gap"], 3), round(report["low"], 3), round(report["high"], 3))
    feedback.expect(
        report["flagged"],
        "the planted bias (+0.3 for 'elderly') is flagged",
        expected=True,
        got=numbers,
        hint="bootstrap the per-pair DIFFERENCES (paired): resampling the a and b "
        "scores separately adds the templates' spread and hides the gap",
    )
    feedback.expect(
        report["gap"] < 0,
        "the gap young - elderly is negative",
        expected="about -0.15",
        got=numbers,
        hint="differences are scorer(a) - scorer(b)",
    )
    by_pair = report["by_pair"]
    feedback.expect_equal(list(by_pair), ["young vs elderly", "male vs female"], "the by_pair keys")
    feedback.expect(
        by_pair["young vs elderly"]["flagged"] and not by_pair["male vs female"]["flagged"],
        "by_pair: only young vs elderly is flagged",
        expected=True,
        got={k: (round(v["gap"], 3), v["flagged"]) for k, v in by_pair.items()},
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_report_does_not_flag_an_unbiased_scorer(seed):
    """an unbiased noisy scorer is not flagged (its gap is nonzero, its interval contains 0)"""
    report = fairness.fairness_report(planted_scorer(), seed=seed)
    numbers = (round(report["gap"], 3), round(report["low"], 3), round(report["high"], 3))
    feedback.expect(
        not report["flagged"],
        "an unbiased noisy scorer is not flagged",
        expected=False,
        got=numbers,
        hint="flag only when the interval excludes 0 (low > 0 or high < 0); a nonzero "
        "mean alone is noise",
    )
    for key, entry in report["by_pair"].items():
        feedback.expect(
            not entry["flagged"],
            f"by_pair[{key!r}] of an unbiased scorer is not flagged",
            expected=False,
            got=entry,
        )


@pytest.mark.points(2)
def test_report_matches_the_reference():
    """fairness_report: every number equals the reference's (the given templates, n_boot=500, alpha=0.1)"""
    scorer = planted_scorer("male", -0.1, noise=0.2, seed=9)
    expected = ref.fairness_report(scorer, n_boot=500, alpha=0.1, seed=4)
    got = fairness.fairness_report(scorer, n_boot=500, alpha=0.1, seed=4)
    for key in ("n_pairs", "gap", "low", "high", "flagged"):
        feedback.expect(
            key in got
            and (
                got[key] == expected[key]
                if key in ("n_pairs", "flagged")
                else abs(got[key] - expected[key]) < 1e-9
            ),
            f"fairness_report[{key!r}]",
            expected=expected[key],
            got=got.get(key),
            hint="gap from score_gap over counterfactual_pairs(templates, groups), interval "
            "from bootstrap_gap(differences, n_boot, alpha, seed)",
        )
    for pair, entry in expected["by_pair"].items():
        mine = got.get("by_pair", {}).get(pair)
        feedback.expect(
            mine is not None
            and all(abs(mine[k] - entry[k]) < 1e-9 for k in ("gap", "low", "high"))
            and mine["n_pairs"] == entry["n_pairs"]
            and mine["flagged"] == entry["flagged"],
            f"fairness_report by_pair[{pair!r}]",
            expected=entry,
            got=mine,
            hint="each by_pair entry uses only that term pair's prompts: "
            "counterfactual_pairs(templates, [(a, b)])",
        )
