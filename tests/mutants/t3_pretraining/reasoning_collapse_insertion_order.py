"""collapse_depth scans the dict in insertion order, not by depth"""

MODULE = "reasoning.py"


def collapse_depth(accuracies, threshold=0.5):
    for k, acc in accuracies.items():
        if acc < threshold:
            return k
    return None
