"""LoRALinear scaled by alpha, forgetting to divide by r"""

MODULE = "lora.py"


class LoRALinear:
    def forward(self, x):
        return self.base(x) + (self.dropout(x) @ self.lora_A.T @ self.lora_B.T) * self.alpha
