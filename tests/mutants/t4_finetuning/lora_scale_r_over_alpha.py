"""LoRALinear scaled by r / alpha instead of alpha / r"""

MODULE = "lora.py"

REPLACE = [
    (
        "self.scaling = alpha / r\n"
        "        self.lora_A = nn.Parameter(torch.empty(r, base.in_features, dtype=base.weight.dtype))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, dtype=base.weight.dtype))",
        "self.scaling = r / alpha\n"
        "        self.lora_A = nn.Parameter(torch.empty(r, base.in_features))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))",
    ),
]
