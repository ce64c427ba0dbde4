"""apply_lora that wraps only the first module matching each target name"""

MODULE = "lora.py"

REPLACE = [
    (
        "targets = set(target_modules)\n"
        "    chosen = [(name, module) for name, module in model.named_modules()\n"
        '              if isinstance(module, nn.Linear) and name.rsplit(".", 1)[-1] in targets]',
        "chosen, done = [], set()\n"
        "    for n, m in model.named_modules():\n"
        '        short = n.rsplit(".", 1)[-1]\n'
        "        if isinstance(m, nn.Linear) and short in set(target_modules) and short not in done:\n"
        "            chosen.append((n, m))\n"
        "            done.add(short)",
    ),
]
