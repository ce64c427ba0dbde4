"""LoRALinear with both lora_A and lora_B at zero (no gradient ever reaches them)"""

MODULE = "lora.py"

REPLACE = [
    (
        "self.lora_A = nn.Parameter(torch.empty(r, base.in_features, dtype=base.weight.dtype))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, dtype=base.weight.dtype))\n"
        "        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))",
        "self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))",
    ),
]
