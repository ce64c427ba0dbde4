"""apply_lora that returns the total number of parameters instead of the trainable ones"""

MODULE = "lora.py"

REPLACE = [
    (
        "targets = set(target_modules)\n"
        "    chosen = [(name, module) for name, module in model.named_modules()\n"
        '              if isinstance(module, nn.Linear) and name.rsplit(".", 1)[-1] in targets]',
        "chosen = [(n, m) for n, m in model.named_modules()\n"
        '              if isinstance(m, nn.Linear) and n.rsplit(".", 1)[-1] in set(target_modules)]',
    ),
    (
        "return sum(p.numel() for p in model.parameters() if p.requires_grad)",
        "return sum(p.numel() for p in model.parameters())",
    ),
]
