"""collapse_depth counts an accuracy equal to the threshold as collapsed"""

MODULE = "reasoning.py"


def collapse_depth(accuracies, threshold=0.5):
    for k in sorted(accuracies):
        if accuracies[k] <= threshold:
            return k
    return None
