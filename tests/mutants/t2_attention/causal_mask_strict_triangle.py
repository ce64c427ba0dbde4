"""causal mask without the diagonal: a position may not attend to itself"""

MODULE = "attention.py"

import torch


def causal_mask(seq_len, device=None):
    return torch.ones(seq_len, seq_len, dtype=torch.bool, device=device).tril(diagonal=-1)
