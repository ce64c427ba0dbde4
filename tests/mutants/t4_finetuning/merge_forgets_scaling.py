"""merge that adds B @ A without the alpha / r scaling"""

MODULE = "lora.py"


class LoRALinear:
    def merge(self):
        merged = nn.Linear(
            self.base.in_features, self.base.out_features, bias=self.base.bias is not None
        )
        with torch.no_grad():
            merged.weight.copy_(self.base.weight + self.lora_B @ self.lora_A)
            if self.base.bias is not None:
                merged.bias.copy_(self.base.bias)
        return merged
