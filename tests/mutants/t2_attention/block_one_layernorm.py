"""one LayerNorm shared by both sub-layers"""

MODULE = "transformer.py"

REPLACE = [
    ("self.ln_2 = nn.LayerNorm(d_model)", "self.ln_2 = self.ln_1"),
    (
        "x = x + self.mlp(self.ln_2(x))\n        return x",
        "return x + self.mlp(self.ln_1(x))",
    ),
]
