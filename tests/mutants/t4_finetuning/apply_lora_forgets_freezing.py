"""apply_lora that wraps the targets but leaves embeddings, norms and other layers trainable"""

MODULE = "lora.py"


def apply_lora(model, target_modules, r, alpha, dropout=0.0):
    chosen = [
        (n, m)
        for n, m in model.named_modules()
        if isinstance(m, nn.Linear) and n.rsplit(".", 1)[-1] in set(target_modules)
    ]
    for name, module in chosen:
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, LoRALinear(module, r, alpha, dropout))
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
