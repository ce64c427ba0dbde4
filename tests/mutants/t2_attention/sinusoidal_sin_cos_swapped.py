"""sinusoidal positions with cosines in the even columns and sines in the odd ones"""

MODULE = "attention.py"

import torch


def sinusoidal_positions(seq_len, d_model):
    pos = torch.arange(seq_len, dtype=torch.float64)[:, None]
    inv_freq = 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    angles = pos * inv_freq
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = angles.cos()
    pe[:, 1::2] = angles.sin()
    return pe.float()
