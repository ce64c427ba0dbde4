"""RoPE using positions 0..T-1 whatever positions were given"""

MODULE = "attention.py"
MESSAGES = {"*test_rope_matches_llama_everywhere*": ("given positions", "!2j with 2j+1")}

import torch


def apply_rope(x, positions, base=10000.0):
    d_head, seq = x.shape[-1], x.shape[-2]
    inv_freq = base ** (-torch.arange(0, d_head, 2, dtype=torch.float32) / d_head)
    angles = torch.arange(seq).float()[:, None] * inv_freq
    angles = torch.cat((angles, angles), dim=-1)
    return x * angles.cos() + rotate_half(x) * angles.sin()
