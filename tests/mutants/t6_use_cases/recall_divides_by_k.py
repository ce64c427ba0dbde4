"""recall_at_k that divides by k (that is precision@k)"""

MODULE = "evaluate.py"


def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    if not relevant:
        raise ValueError("no relevant items")
    return len(relevant & set(retrieved[:k])) / k
