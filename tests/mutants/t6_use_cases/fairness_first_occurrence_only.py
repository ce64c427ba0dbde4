"""counterfactual_pairs replaces only the first {group} of a template"""

MODULE = "fairness.py"

MESSAGES = {"*test_pairs_against_a_hand_made_table*": "every {group}"}


def counterfactual_pairs(templates, groups, placeholder="{group}"):
    pairs = _as_pairs(groups)
    result = []
    for template in templates:
        if placeholder not in template:
            raise ValueError("template without placeholder")
        for a, b in pairs:
            result.append(
                (template.replace(placeholder, a, 1), template.replace(placeholder, b, 1))
            )
    return result
