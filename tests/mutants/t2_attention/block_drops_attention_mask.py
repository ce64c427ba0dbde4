"""the block does not pass attention_mask on to the attention"""

MODULE = "transformer.py"

REPLACE = [
    (
        "x = x + self.attn(self.ln_1(x), causal=True, attention_mask=attention_mask)\n"
        "        x = x + self.mlp(self.ln_2(x))\n"
        "        return x",
        "x = x + self.attn(self.ln_1(x), causal=True)\n        return x + self.mlp(self.ln_2(x))",
    ),
]
