"""attention scaled by 1/d instead of 1/sqrt(d)"""

MODULE = "attention.py"

import torch

REPLACE = [
    (
        "scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])",
        "scores = q @ k.transpose(-2, -1) / q.shape[-1]",
    ),
]
