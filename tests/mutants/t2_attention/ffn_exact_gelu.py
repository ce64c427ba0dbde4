"""the MLP with the exact (erf) GELU instead of GPT-2's tanh approximation"""

MODULE = "transformer.py"

REPLACE = [
    ('self.act = nn.GELU(approximate="tanh")', "self.act = nn.GELU()"),
]
