"""LoRALinear with lora_B initialised randomly, like lora_A (the model changes before training)"""

MODULE = "lora.py"

REPLACE = [
    (
        "self.lora_A = nn.Parameter(torch.empty(r, base.in_features, dtype=base.weight.dtype))\n"
        "        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, dtype=base.weight.dtype))\n"
        "        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))\n"
        "        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()",
        "self.lora_A = nn.Parameter(torch.empty(r, base.in_features))\n"
        "        self.lora_B = nn.Parameter(torch.empty(base.out_features, r))\n"
        "        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))\n"
        "        nn.init.kaiming_uniform_(self.lora_B, a=math.sqrt(5))\n"
        "        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()",
    ),
]
