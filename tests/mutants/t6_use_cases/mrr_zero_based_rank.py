"""mean_reciprocal_rank with ranks counted from 0 + 1 only for the first item (1/(rank+1) off by one)"""
MODULE = "evaluate.py"


def mean_reciprocal_rank(retrieved_lists, relevant_lists):
    if len(retrieved_lists) != len(relevant_lists) or not retrieved_lists:
        raise ValueError("lengths")
    total = 0.0
    for retrieved, relevant in zip(retrieved_lists, relevant_lists):
        for rank, item in enumerate(retrieved, start=1):
            if item in set(relevant):
                total += 1.0 / (rank + 1) if rank > 1 else 1.0
                break
    return total / len(retrieved_lists)
