"""LoRALinear that leaves the base layer trainable"""

MODULE = "lora.py"

REPLACE = [
    (
        "        for p in self.base.parameters():\n            p.requires_grad_(False)\n",
        "",
    ),
    (
        "self.lora_A = nn.Parameter(torch.empty(r, base.in_features, dtype=base.weight.dtype))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, dtype=base.weight.dtype))",
        "self.lora_A = nn.Parameter(torch.empty(r, base.in_features))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))",
    ),
]
