"""sinusoidal positions as [all sines | all cosines] instead of interleaved"""

MODULE = "attention.py"

import torch


def sinusoidal_positions(seq_len, d_model):
    pos = torch.arange(seq_len, dtype=torch.float64)[:, None]
    inv_freq = 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    angles = pos * inv_freq
    return torch.cat([angles.sin(), angles.cos()], dim=-1).float()
