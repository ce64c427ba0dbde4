"""GPT-2's Conv1D weights copied without transposing (square matrices load silently)"""
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
        weight, bias = hf_block.attn.c_attn.weight, hf_block.attn.c_attn.bias
        for i, proj in enumerate((block.attn.q_proj, block.attn.k_proj, block.attn.v_proj)):
            proj.weight.copy_(weight[:, i * d:(i + 1) * d])
            proj.bias.copy_(bias[i * d:(i + 1) * d])
        block.attn.o_proj.weight.copy_(hf_block.attn.c_proj.weight)
        block.attn.o_proj.bias.copy_(hf_block.attn.c_proj.bias)
        block.mlp.c_fc.weight.copy_(hf_block.mlp.c_fc.weight.T)
        block.mlp.c_fc.bias.copy_(hf_block.mlp.c_fc.bias)
        block.mlp.c_proj.weight.copy_(hf_block.mlp.c_proj.weight.T)
        block.mlp.c_proj.bias.copy_(hf_block.mlp.c_proj.bias)
    model.ln_f.load_state_dict(src.ln_f.state_dict())
    return model
