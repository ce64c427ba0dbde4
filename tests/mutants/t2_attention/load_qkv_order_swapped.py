"""c_attn split as [k | q | v] instead of [q | k | v]"""

MODULE = "transformer.py"

REPLACE = [
    (
        "weight, bias = hf_block.attn.c_attn.weight, hf_block.attn.c_attn.bias  # (d, 3d), (3d,)\n"
        "        for i, proj in enumerate((block.attn.q_proj, block.attn.k_proj, block.attn.v_proj)):",
        "weight, bias = hf_block.attn.c_attn.weight, hf_block.attn.c_attn.bias\n"
        "        for i, proj in enumerate((block.attn.k_proj, block.attn.q_proj, block.attn.v_proj)):",
    ),
]
