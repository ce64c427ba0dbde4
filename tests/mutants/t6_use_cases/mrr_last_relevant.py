"""mean_reciprocal_rank that uses the LAST relevant item of each list instead of the first"""

MODULE = "evaluate.py"


def mean_reciprocal_rank(retrieved_lists, relevant_lists):
    if len(retrieved_lists) != len(relevant_lists) or not retrieved_lists:
        raise ValueError("lengths")
    total = 0.0
    for retrieved, relevant in zip(retrieved_lists, relevant_lists):
        rr = 0.0
        for rank, item in enumerate(retrieved, start=1):
            if item in set(relevant):
                rr = 1.0 / rank
        total += rr
    return total / len(retrieved_lists)
