"""token_f1 that returns 0.0 whenever a side is empty (also when both are)"""
MODULE = "evaluate.py"

from collections import Counter


def token_f1(prediction, ground_truth):
    truths = [ground_truth] if isinstance(ground_truth, str) else list(ground_truth)
    pred = normalize_answer(prediction).split()
    best = 0.0
    for truth in truths:
        gold = normalize_answer(truth).split()
        overlap = sum((Counter(pred) & Counter(gold)).values())
        if overlap:
            p, r = overlap / len(pred), overlap / len(gold)
            best = max(best, 2 * p * r / (p + r))
    return best
