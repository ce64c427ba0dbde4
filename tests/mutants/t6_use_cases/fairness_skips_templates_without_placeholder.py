"""counterfactual_pairs silently skips a template without {group} instead of raising"""

MODULE = "fairness.py"

MESSAGES = {"*test_pairs_reject_a_template_without_the_placeholder*": "raise"}


def counterfactual_pairs(templates, groups, placeholder="{group}"):
    pairs = _as_pairs(groups)
    return [
        (t.replace(placeholder, a), t.replace(placeholder, b))
        for t in templates
        if placeholder in t
        for a, b in pairs
    ]
