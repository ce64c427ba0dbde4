"""softmax without subtracting the maximum: exp overflows to inf and gives NaN at 1e4"""

MODULE = "sampling.py"


def softmax(logits, temperature=1.0):
    weights = (logits / temperature).exp()
    return weights / weights.sum(dim=-1, keepdim=True)
