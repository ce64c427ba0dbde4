"""merge that builds the new layer without the base's bias"""

MODULE = "lora.py"


class LoRALinear:
    def merge(self):
        merged = nn.Linear(self.base.in_features, self.base.out_features, bias=False)
        with torch.no_grad():
            merged.weight.copy_(self.base.weight + self.scaling * (self.lora_B @ self.lora_A))
        return merged
