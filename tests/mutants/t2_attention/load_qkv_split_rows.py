"""c_attn split along the wrong axis of the transposed weight (rows instead of columns)"""

MODULE = "transformer.py"

REPLACE = [
    (
        "weight, bias = hf_block.attn.c_attn.weight, hf_block.attn.c_attn.bias  # (d, 3d), (3d,)",
        "weight = hf_block.attn.c_attn.weight.reshape(3 * d, d)   # a reshape is not a transpose\n"
        "        bias = hf_block.attn.c_attn.bias",
    ),
    (
        "proj.weight.copy_(weight[:, i * d:(i + 1) * d].T)",
        "proj.weight.copy_(weight[i * d:(i + 1) * d])",
    ),
]
