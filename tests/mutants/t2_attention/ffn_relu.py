"""the MLP with ReLU (the original Transformer) instead of GELU"""

MODULE = "transformer.py"

REPLACE = [
    ('self.act = nn.GELU(approximate="tanh")', "self.act = nn.ReLU()"),
]
