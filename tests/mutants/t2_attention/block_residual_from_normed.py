"""the residual adds to the normalised input instead of the raw stream"""

MODULE = "transformer.py"

REPLACE = [
    (
        "x = x + self.attn(self.ln_1(x), causal=True, attention_mask=attention_mask)\n"
        "        x = x + self.mlp(self.ln_2(x))\n"
        "        return x",
        "h = self.ln_1(x)\n"
        "        x = h + self.attn(h, causal=True, attention_mask=attention_mask)\n"
        "        h = self.ln_2(x)\n"
        "        return h + self.mlp(h)",
    ),
]
