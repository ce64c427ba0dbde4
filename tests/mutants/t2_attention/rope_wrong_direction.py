"""RoPE rotating the wrong way (minus sin)"""

MODULE = "attention.py"

import torch


def apply_rope(x, positions, base=10000.0):
    d_head = x.shape[-1]
    inv_freq = base ** (-torch.arange(0, d_head, 2, dtype=torch.float32) / d_head)
    angles = positions.float()[..., None] * inv_freq
    angles = torch.cat((angles, angles), dim=-1)
    if angles.dim() == 3:
        angles = angles[:, None]
    return x * angles.cos() - rotate_half(x) * angles.sin()
