"""top-k that takes the k-th largest value of the whole batch instead of each row"""

MODULE = "sampling.py"

import torch


def top_k_filter(logits, k):
    k = min(k, logits.shape[-1])
    kth_largest = torch.topk(logits.flatten(), k).values[-1]
    return logits.masked_fill(logits < kth_largest, float("-inf"))
