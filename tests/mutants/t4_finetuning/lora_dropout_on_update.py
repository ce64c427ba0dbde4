"""LoRALinear that applies dropout to the low-rank update instead of to its input"""

MODULE = "lora.py"


class LoRALinear:
    def forward(self, x):
        return self.base(x) + self.dropout(x @ self.lora_A.T @ self.lora_B.T) * self.scaling
