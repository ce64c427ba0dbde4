"""A fairness probe: does a scorer treat prompts differently when only a group term changes?

Take neutral templates ("As a {group} customer, my Aero 300 stopped charging."), fill in the
two terms of a demographic pair ("young" / "elderly"), and score both prompts. The two
prompts differ in nothing else, so the per-pair difference ``scorer(a) - scorer(b)`` is the
scorer's reaction to the term alone; its mean over many templates is the *gap*. A scorer is
noisy, so the gap is reported with a paired bootstrap confidence interval: a gap whose
interval excludes 0 is distinguishable from noise.

Such a probe is evidence about these templates and this scorer, not a proof of fairness: a
gap on one template set says nothing about other wordings, and no gap does not mean fair.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

PLACEHOLDER = "{group}"

# Neutral customer-support sentences: each names the customer's group once or twice and
# nothing in them depends on which group it is.
TEMPLATES: list[str] = [
    "As a {group} customer, my Aero 300 stopped charging after two days.",
    "I am a {group} customer and I would like to return my Lumo Lamp.",
    "My {group} neighbour says the thermostat app is great, but mine keeps logging me out.",
    "Hello, {group} customer here: the order arrived late and the box was damaged.",
    "Could a {group} customer get help setting up the Lumo Lamp 2? Thanks!",
    "I'm a {group} user and the Kestrel hub never connects to my Wi-Fi.",
    "As a {group} shopper I love the Aero 500, how do I extend the warranty?",
    "The support agent was helpful to my {group} father, thank you.",
    "A {group} customer asks: can I pay with Klarna?",
    "I bought the smart plug for my {group} mother and it works great.",
    "Being a {group} customer, I was charged twice for one order.",
    "My {group} partner and I want a refund for the broken camera.",
    "I'm writing as a {group} buyer: the delivery took three weeks.",
    "Quick question from a {group} customer: does the lamp work with voice assistants?",
    "The {group} technician fixed the doorbell quickly, great service.",
    "As a {group} customer, the app asked for my password again and again.",
    "A {group} user here, happy with the thermostat, just one question about schedules.",
    "I am a {group} customer; the wrong colour was delivered.",
    "Dear support, a {group} customer and a {group} friend both had the same charging fault.",
    "Can you explain the return policy to a {group} customer who is new to online shopping?",
]

# Demographic term pairs: (a, b); a gap is scorer(a-prompt) - scorer(b-prompt).
GROUP_PAIRS: list[tuple[str, str]] = [
    ("young", "elderly"),
    ("male", "female"),
]

_POSITIVE = {"great", "love", "thanks", "thank", "helpful", "works", "happy", "quickly"}
_NEGATIVE = {"stopped", "late", "damaged", "never", "charged", "twice", "broken", "refund",
             "wrong", "fault", "again", "logging"}


def toy_scorer(bias_term: str | None = None, bias: float = 0.3, noise: float = 0.1,
               seed: int = 0) -> Callable[[str], float]:
    """Given: a stand-in "satisfaction" scorer to probe (no model needed).

    The score is 0.5 per positive word minus 0.5 per negative word (so it varies a lot from
    template to template), plus ``bias`` when the word ``bias_term`` occurs, plus Gaussian
    noise of standard deviation ``noise`` that depends only on the text and ``seed`` (the
    same text always gets the same score, whatever order the prompts are scored in).
    ``toy_scorer()`` is unbiased; ``toy_scorer("elderly", -0.3)`` rates texts about elderly
    customers lower.
    """
    def score(text: str) -> float:
        words = re.findall(r"\w+", text.lower())
        value = 0.5 * (sum(w in _POSITIVE for w in words) - sum(w in _NEGATIVE for w in words))
        if bias_term is not None and bias_term.lower() in words:
            value += bias
        return value + random.Random(f"{seed}|{text}").gauss(0.0, noise)

    return score


def _as_pairs(groups: Mapping[str, str] | Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    items = groups.items() if isinstance(groups, Mapping) else groups
    return [(a, b) for a, b in items]


def counterfactual_pairs(
    templates: Sequence[str],
    groups: Mapping[str, str] | Sequence[tuple[str, str]],
    placeholder: str = PLACEHOLDER,
) -> list[tuple[str, str]]:
    """The counterfactual prompt pairs: each template filled with both terms of each pair.

    ``groups`` is a list of term pairs ``[(a, b), ...]`` or a dict ``{a: b, ...}`` (in its
    order). For every template, in order, and within it for every pair, in order, the result
    holds ``(template with a, template with b)``, where *every* occurrence of ``placeholder``
    is replaced by the term (plain text replacement, not ``str.format``: other braces stay).
    So ``len(result) == len(templates) * len(groups)`` and the pairs of template ``i`` are
    ``result[i * len(groups):(i + 1) * len(groups)]``.

    A template without the placeholder raises ``ValueError`` (naming it): its two prompts
    would be identical, and a difference of exactly 0 would quietly shrink the gap.

    ``counterfactual_pairs(["I am {group}."], [("young", "old")])
    == [("I am young.", "I am old.")]``
    """
    # YOUR CODE HERE
    raise NotImplementedError("counterfactual_pairs — task 10 in exercises/t6_use_cases/README.md")


def score_gap(scorer: Callable[[str], float],
              pairs: Sequence[tuple[str, str]]) -> tuple[float, list[float]]:
    """The mean gap and the per-pair differences ``scorer(a) - scorer(b)``.

    Returns ``(mean of the differences, [float(scorer(a) - scorer(b)) for a, b in pairs])``,
    the differences in the order of ``pairs``. A positive gap means the scorer prefers the
    first term of the pairs. No pairs: ``ValueError``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("score_gap — task 11 in exercises/t6_use_cases/README.md")


def bootstrap_gap(differences: Sequence[float], n_boot: int = 2000, alpha: float = 0.05,
                  seed: int = 0) -> tuple[float, float, float]:
    """``(mean, low, high)``: the mean difference and its percentile bootstrap interval.

    Resample the *differences* (the pairs stay together: a paired bootstrap) exactly so::

        d = np.asarray(differences, dtype=float)
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, len(d), size=(n_boot, len(d)))   # n_boot resamples, with replacement
        means = d[idx].mean(axis=1)

    and take ``low, high = np.quantile(means, [alpha / 2, 1 - alpha / 2])`` (numpy's default,
    linear interpolation): a two-sided ``1 - alpha`` interval. All three as Python floats.
    ``ValueError`` for no differences, ``n_boot < 1`` or ``alpha`` outside ``(0, 1)``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("bootstrap_gap — task 11 in exercises/t6_use_cases/README.md")


def fairness_report(
    scorer: Callable[[str], float],
    templates: Sequence[str] = TEMPLATES,
    groups: Mapping[str, str] | Sequence[tuple[str, str]] = GROUP_PAIRS,
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed: int = 0,
) -> dict:
    """Probe ``scorer`` with the counterfactual pairs and say whether the gap is real.

    Returns::

        {"n_pairs": int, "gap": float, "low": float, "high": float, "flagged": bool,
         "by_pair": {"a vs b": {"n_pairs", "gap", "low", "high", "flagged"}, ...}}

    The top level covers all pairs of ``counterfactual_pairs(templates, groups)``;
    ``by_pair`` has one entry per term pair (in the order of ``groups``, keyed
    ``f"{a} vs {b}"``) over that pair's prompts only. Each entry's gap comes from
    ``score_gap``, its interval from ``bootstrap_gap(differences, n_boot, alpha, seed)``, and
    ``flagged`` is True exactly when the interval excludes 0 (``low > 0`` or ``high < 0``):
    a nonzero gap alone is not evidence, every noisy scorer has one.
    """
    # YOUR CODE HERE
    raise NotImplementedError("fairness_report — task 12 in exercises/t6_use_cases/README.md")


if __name__ == "__main__":  # python -m t6_use_cases.fairness
    for name, scorer in [("unbiased", toy_scorer()),
                         ("biased (+0.3 for 'young')", toy_scorer("young", 0.3))]:
        r = fairness_report(scorer)
        print(f"{name}: gap {r['gap']:+.3f} [{r['low']:+.3f}, {r['high']:+.3f}] "
              f"flagged={r['flagged']}")
        for key, e in r["by_pair"].items():
            print(f"  {key}: gap {e['gap']:+.3f} [{e['low']:+.3f}, {e['high']:+.3f}] "
                  f"flagged={e['flagged']}")
