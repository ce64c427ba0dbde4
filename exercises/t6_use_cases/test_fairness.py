"""Visible tests for fairness.py: counterfactual pairs, the gap, the bootstrap, the report (tasks 10-12)."""

import pytest

from grader.core import feedback, target

fairness = target.module("t6_use_cases.fairness")


@pytest.mark.points(1)
def test_pairs_example():
    """counterfactual_pairs fills one template with both terms of a pair"""
    feedback.expect_equal(
        fairness.counterfactual_pairs(["I am {group}."], [("young", "old")]),
        [("I am young.", "I am old.")],
        'counterfactual_pairs(["I am {group}."], [("young", "old")])',
        hint="one (template with a, template with b) tuple per template and pair",
    )


@pytest.mark.points(1)
def test_pairs_order_on_the_given_templates():
    """the given templates: template-major order, every placeholder replaced"""
    pairs = fairness.counterfactual_pairs(fairness.TEMPLATES, fairness.GROUP_PAIRS)
    feedback.expect_equal(len(pairs), 40, "number of pairs for 20 templates and 2 term pairs")
    feedback.expect_equal(
        pairs[:2],
        [("As a young customer, my Aero 300 stopped charging after two days.",
          "As a elderly customer, my Aero 300 stopped charging after two days."),
         ("As a male customer, my Aero 300 stopped charging after two days.",
          "As a female customer, my Aero 300 stopped charging after two days.")],
        "the first two pairs (template 0 with each term pair)",
        hint="loop over the templates outside and over the term pairs inside",
    )
    feedback.expect(all("{group}" not in a + b for a, b in pairs),
                    "no prompt may still contain {group}",
                    hint="str.replace replaces every occurrence; do not pass count=1")


@pytest.mark.points(1)
def test_pairs_reject_a_template_without_placeholder():
    """a template without {group} raises ValueError"""
    with pytest.raises(ValueError):
        fairness.counterfactual_pairs(["My lamp flickers."], [("young", "old")])


@pytest.mark.points(1)
def test_score_gap_small():
    """score_gap: differences scorer(a) - scorer(b) in order, and their mean"""
    gap, diffs = fairness.score_gap(len, [("aaaa", "a"), ("b", "bbb")])
    feedback.expect_equal(diffs, [3.0, -2.0], "the differences for scorer=len",
                          hint="scorer(a) - scorer(b), a first")
    feedback.expect_equal(gap, 0.5, "the mean gap")


@pytest.mark.points(1)
def test_bootstrap_constant_differences():
    """all differences equal: mean, low and high are that value"""
    got = fairness.bootstrap_gap([0.25] * 7, n_boot=50)
    feedback.expect(all(abs(v - 0.25) < 1e-12 for v in got), "bootstrap_gap([0.25] * 7)",
                    expected=(0.25, 0.25, 0.25), got=got)


@pytest.mark.points(1)
def test_bootstrap_two_values():
    """differences [0, 1]: resample means are 0, 0.5 or 1, so the 95% interval is [0, 1]"""
    got = fairness.bootstrap_gap([0.0, 1.0], n_boot=2000, alpha=0.05, seed=0)
    feedback.expect(got == (0.5, 0.0, 1.0), "bootstrap_gap([0, 1], 2000, 0.05)",
                    expected=(0.5, 0.0, 1.0), got=got,
                    hint="quantiles alpha/2 and 1 - alpha/2 of the resampled means")


@pytest.mark.points(2)
def test_report_flags_the_planted_bias_only():
    """the report flags toy_scorer("young", 0.3) and not the unbiased toy_scorer()"""
    biased = fairness.fairness_report(fairness.toy_scorer("young", 0.3))
    feedback.expect(biased["flagged"], "the biased scorer is flagged",
                    expected=True, got=(biased["gap"], biased["low"], biased["high"]),
                    hint="flag when the bootstrap interval excludes 0")
    feedback.expect(biased["by_pair"]["young vs elderly"]["flagged"]
                    and not biased["by_pair"]["male vs female"]["flagged"],
                    "only the young/elderly pair is flagged",
                    expected=True, got=biased["by_pair"])
    unbiased = fairness.fairness_report(fairness.toy_scorer())
    feedback.expect(not unbiased["flagged"], "the unbiased scorer is not flagged",
                    expected=False, got=(unbiased["gap"], unbiased["low"], unbiased["high"]),
                    hint="a nonzero gap is not enough: every noisy scorer has one")
