"""a hand-written softmax without subtracting the row maximum (overflows for huge scores)"""

MODULE = "attention.py"

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    weights = scores.exp()
    if mask is not None:
        weights = weights.masked_fill(~mask, 0.0)
    total = weights.sum(dim=-1, keepdim=True)
    weights = torch.where(total > 0, weights / total, torch.zeros_like(weights))
    return weights @ v
