"""GPT-2's Conv1D weights copied without transposing (square matrices load silently)"""

MODULE = "transformer.py"

REPLACE = [
    (
        "proj.weight.copy_(weight[:, i * d:(i + 1) * d].T)",
        "proj.weight.copy_(weight[:, i * d:(i + 1) * d])",
    ),
    (
        "for ours, theirs in ((block.attn.o_proj, hf_block.attn.c_proj),\n"
        "                             (block.mlp.c_fc, hf_block.mlp.c_fc),\n"
        "                             (block.mlp.c_proj, hf_block.mlp.c_proj)):\n"
        "            ours.weight.copy_(theirs.weight.T)\n"
        "            ours.bias.copy_(theirs.bias)",
        "block.attn.o_proj.weight.copy_(hf_block.attn.c_proj.weight)\n"
        "        block.attn.o_proj.bias.copy_(hf_block.attn.c_proj.bias)\n"
        "        block.mlp.c_fc.weight.copy_(hf_block.mlp.c_fc.weight.T)\n"
        "        block.mlp.c_fc.bias.copy_(hf_block.mlp.c_fc.bias)\n"
        "        block.mlp.c_proj.weight.copy_(hf_block.mlp.c_proj.weight.T)\n"
        "        block.mlp.c_proj.bias.copy_(hf_block.mlp.c_proj.bias)",
    ),
]
