"""recall_at_k that counts a relevant item again each time it is retrieved"""

MODULE = "evaluate.py"


def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    if not relevant:
        raise ValueError("no relevant items")
    return min(1.0, sum(1 for r in retrieved[:k] if r in relevant) / len(relevant))
