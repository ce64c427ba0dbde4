"""causal mask transposed: positions attend to the future"""

MODULE = "attention.py"

import torch


def causal_mask(seq_len, device=None):
    return torch.ones(seq_len, seq_len, dtype=torch.bool, device=device).triu()
