"""collapse_depth ignores the threshold argument (always 0.5)"""

MODULE = "reasoning.py"


def collapse_depth(accuracies, threshold=0.5):
    for k in sorted(accuracies):
        if accuracies[k] < 0.5:
            return k
    return None
