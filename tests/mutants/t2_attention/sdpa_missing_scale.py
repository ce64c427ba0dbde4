"""attention without the 1/sqrt(d) scaling of the scores"""

MODULE = "attention.py"

import torch

REPLACE = [
    (
        "scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])",
        "scores = q @ k.transpose(-2, -1)",
    ),
]
