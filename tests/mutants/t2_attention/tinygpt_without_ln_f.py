"""TinyGPT without the final LayerNorm before the head"""

MODULE = "transformer.py"

REPLACE = [
    ("return self.lm_head(self.ln_f(x))", "return self.lm_head(x)"),
]
