"""LoRALinear that applies dropout to the input of the base layer too"""

MODULE = "lora.py"


class LoRALinear:
    def forward(self, x):
        x = self.dropout(x)
        return self.base(x) + (x @ self.lora_A.T @ self.lora_B.T) * self.scaling
