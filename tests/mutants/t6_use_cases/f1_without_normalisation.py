"""token_f1 on raw whitespace tokens, without SQuAD normalisation"""

MODULE = "evaluate.py"

from collections import Counter


def token_f1(prediction, ground_truth):
    truths = [ground_truth] if isinstance(ground_truth, str) else list(ground_truth)
    pred = prediction.split()
    best = 0.0
    for truth in truths:
        gold = truth.split()
        if not pred or not gold:
            best = max(best, float(pred == gold))
            continue
        overlap = sum((Counter(pred) & Counter(gold)).values())
        if overlap:
            p, r = overlap / len(pred), overlap / len(gold)
            best = max(best, 2 * p * r / (p + r))
    return best
