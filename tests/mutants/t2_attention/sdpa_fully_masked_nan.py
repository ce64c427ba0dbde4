"""fully masked query rows left as NaN (softmax of a row of -inf)"""

MODULE = "attention.py"
MESSAGES = {
    "*test_loaded_model_with_left_padding*": ("NaN", "fully masked", "!pass attention_mask")
}

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
