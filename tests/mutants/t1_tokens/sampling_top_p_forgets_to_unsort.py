"""top-p that applies the mask computed in sorted order to the unsorted logits"""

MODULE = "sampling.py"

import torch


def top_p_filter(logits, p):
    probs = softmax(logits)
    sorted_probs, _ = torch.sort(probs, dim=-1, descending=True)
    mass_before = torch.cumsum(sorted_probs, dim=-1) - sorted_probs
    remove = mass_before >= p
    remove[..., 0] = False
    return logits.masked_fill(remove, float("-inf"))
