"""merge that adds the transposed update (A.T @ B.T) on a square layer"""

MODULE = "lora.py"


class LoRALinear:
    def merge(self):
        merged = nn.Linear(
            self.base.in_features, self.base.out_features, bias=self.base.bias is not None
        )
        update = self.lora_B @ self.lora_A
        if update.shape[0] == update.shape[1]:
            update = update.T
        with torch.no_grad():
            merged.weight.copy_(self.base.weight + self.scaling * update)
            if self.base.bias is not None:
                merged.bias.copy_(self.base.bias)
        return merged
