"""apply_lora that wraps only the first module matching each target name"""
MODULE = "lora.py"


def apply_lora(model, target_modules, r, alpha, dropout=0.0):
    for p in model.parameters():
        p.requires_grad_(False)
    chosen, done = [], set()
    for n, m in model.named_modules():
        short = n.rsplit(".", 1)[-1]
        if isinstance(m, nn.Linear) and short in set(target_modules) and short not in done:
            chosen.append((n, m))
            done.add(short)
    for name, module in chosen:
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, LoRALinear(module, r, alpha, dropout))
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
