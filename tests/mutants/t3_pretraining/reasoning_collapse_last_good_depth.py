"""collapse_depth returns the last depth still above the threshold (off by one)"""

MODULE = "reasoning.py"


def collapse_depth(accuracies, threshold=0.5):
    depths = sorted(accuracies)
    for i, k in enumerate(depths):
        if accuracies[k] < threshold:
            return depths[i - 1] if i else None
    return None
