"""post-LayerNorm (the original Transformer) instead of GPT-2's pre-LayerNorm"""

MODULE = "transformer.py"

REPLACE = [
    (
        "x = x + self.attn(self.ln_1(x), causal=True, attention_mask=attention_mask)\n"
        "        x = x + self.mlp(self.ln_2(x))",
        "x = self.ln_1(x + self.attn(x, causal=True, attention_mask=attention_mask))\n"
        "        x = self.ln_2(x + self.mlp(x))",
    ),
]
