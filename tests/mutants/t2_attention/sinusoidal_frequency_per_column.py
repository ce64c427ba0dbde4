"""sinusoidal positions with exponent j/d for column j (not 2i/d shared by a sin/cos pair)"""

MODULE = "attention.py"

import torch


def sinusoidal_positions(seq_len, d_model):
    pos = torch.arange(seq_len, dtype=torch.float64)[:, None]
    angles = pos * 10000.0 ** (-torch.arange(d_model, dtype=torch.float64) / d_model)
    pe = angles.clone()
    pe[:, 0::2] = angles[:, 0::2].sin()
    pe[:, 1::2] = angles[:, 1::2].cos()
    return pe.float()
