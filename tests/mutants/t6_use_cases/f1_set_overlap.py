"""token_f1 that counts the overlap with sets (repeated tokens count once)"""
MODULE = "evaluate.py"


def token_f1(prediction, ground_truth):
    truths = [ground_truth] if isinstance(ground_truth, str) else list(ground_truth)
    pred = normalize_answer(prediction).split()
    best = 0.0
    for truth in truths:
        gold = normalize_answer(truth).split()
        if not pred or not gold:
            best = max(best, float(pred == gold))
            continue
        overlap = len(set(pred) & set(gold))
        if overlap:
            p, r = overlap / len(pred), overlap / len(gold)
            best = max(best, 2 * p * r / (p + r))
    return best
