"""top-p that drops the token that crosses the threshold (keeps only while the running sum < p)"""

MODULE = "sampling.py"
MESSAGES = {"*test_no_nan_for_huge_logits*": ("not a softmax problem", "!stable softmax")}

import torch


def top_p_filter(logits, p):
    probs = softmax(logits)
    sorted_probs, order = torch.sort(probs, dim=-1, descending=True, stable=True)
    remove_sorted = torch.cumsum(sorted_probs, dim=-1) >= p
    remove_sorted[..., 0] = False
    remove = remove_sorted.scatter(-1, order, remove_sorted)
    return logits.masked_fill(remove, float("-inf"))
