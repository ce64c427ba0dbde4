"""loading assigns new Parameters, which unties the head (it keeps its random weights)"""

MODULE = "transformer.py"


def load_gpt2_weights(model, hf_model):
    src = hf_model.transformer
    d = model.d_model
    P = nn.Parameter
    model.wte.weight = P(src.wte.weight.detach().clone())
    model.wpe.weight = P(src.wpe.weight.detach().clone())
    for block, hf_block in zip(model.blocks, src.h):
        block.ln_1.load_state_dict(hf_block.ln_1.state_dict())
        block.ln_2.load_state_dict(hf_block.ln_2.state_dict())
        weight, bias = hf_block.attn.c_attn.weight.detach(), hf_block.attn.c_attn.bias.detach()
        for i, proj in enumerate((block.attn.q_proj, block.attn.k_proj, block.attn.v_proj)):
            proj.weight = P(weight[:, i * d : (i + 1) * d].T.clone())
            proj.bias = P(bias[i * d : (i + 1) * d].clone())
        for ours, theirs in (
            (block.attn.o_proj, hf_block.attn.c_proj),
            (block.mlp.c_fc, hf_block.mlp.c_fc),
            (block.mlp.c_proj, hf_block.mlp.c_proj),
        ):
            ours.weight = P(theirs.weight.detach().T.clone())
            ours.bias = P(theirs.bias.detach().clone())
    model.ln_f.load_state_dict(src.ln_f.state_dict())
    return model
