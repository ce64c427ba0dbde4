"""TinyGPT with a separate (untied) output head"""

MODULE = "transformer.py"

REPLACE = [
    (
        "        self.lm_head.weight = self.wte.weight\n",
        "",
    ),
]
