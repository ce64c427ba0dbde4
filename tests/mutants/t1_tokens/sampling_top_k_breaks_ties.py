"""top-k that keeps exactly k entries (the torch.topk indices), dropping ties with the k-th"""

MODULE = "sampling.py"

import torch


def top_k_filter(logits, k):
    k = min(k, logits.shape[-1])
    indices = torch.topk(logits, k, dim=-1).indices
    keep = torch.zeros_like(logits, dtype=torch.bool).scatter(-1, indices, True)
    return logits.masked_fill(~keep, float("-inf"))
