"""exact_match that only compares with the first of several ground truths"""

MODULE = "evaluate.py"


def exact_match(prediction, ground_truth):
    truth = ground_truth if isinstance(ground_truth, str) else ground_truth[0]
    return float(normalize_answer(prediction) == normalize_answer(truth))
