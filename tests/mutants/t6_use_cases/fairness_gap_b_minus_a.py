"""score_gap as scorer(b) - scorer(a): the sign of every gap flips"""

MODULE = "fairness.py"

MESSAGES = {"*test_score_gap_sign_and_order*": "first minus second"}


def score_gap(scorer, pairs):
    if not pairs:
        raise ValueError("no pairs")
    differences = [float(scorer(b) - scorer(a)) for a, b in pairs]
    return sum(differences) / len(differences), differences
