"""RoPE rotating neighbouring pairs (2j, 2j+1), the GPT-J convention, not rotate-half"""

MODULE = "attention.py"
MESSAGES = {"*test_rope_matches_llama_everywhere*": ("interleaved-pairs", "j + d/2", "!arange(T)")}

import torch


def apply_rope(x, positions, base=10000.0):
    d_head = x.shape[-1]
    inv_freq = base ** (-torch.arange(0, d_head, 2, dtype=torch.float32) / d_head)
    angles = positions.float()[..., None] * inv_freq
    if angles.dim() == 3:
        angles = angles[:, None]
    cos, sin = angles.cos(), angles.sin()
    even, odd = x[..., 0::2], x[..., 1::2]
    out = torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim=-1)
    return out.flatten(-2).to(x.dtype)
