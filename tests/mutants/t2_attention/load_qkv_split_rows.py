"""c_attn split along the wrong axis of the transposed weight (rows instead of columns)"""
MODULE = "transformer.py"


@torch.no_grad()
def load_gpt2_weights(model, hf_model):
    src = hf_model.transformer
    d = model.d_model
    model.wte.weight.copy_(src.wte.weight)
    model.wpe.weight.copy_(src.wpe.weight)
    for block, hf_block in zip(model.blocks, src.h):
        block.ln_1.load_state_dict(hf_block.ln_1.state_dict())
        block.ln_2.load_state_dict(hf_block.ln_2.state_dict())
        weight = hf_block.attn.c_attn.weight.reshape(3 * d, d)   # a reshape is not a transpose
        bias = hf_block.attn.c_attn.bias
        for i, proj in enumerate((block.attn.q_proj, block.attn.k_proj, block.attn.v_proj)):
            proj.weight.copy_(weight[i * d:(i + 1) * d])
            proj.bias.copy_(bias[i * d:(i + 1) * d])
        for ours, theirs in ((block.attn.o_proj, hf_block.attn.c_proj),
                             (block.mlp.c_fc, hf_block.mlp.c_fc),
                             (block.mlp.c_proj, hf_block.mlp.c_proj)):
            ours.weight.copy_(theirs.weight.T)
            ours.bias.copy_(theirs.bias)
    model.ln_f.load_state_dict(src.ln_f.state_dict())
    return model
