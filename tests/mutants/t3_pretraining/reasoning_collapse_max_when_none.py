"""collapse_depth returns one past the deepest depth when nothing collapsed"""

MODULE = "reasoning.py"


def collapse_depth(accuracies, threshold=0.5):
    for k in sorted(accuracies):
        if accuracies[k] < threshold:
            return k
    return max(accuracies) + 1
