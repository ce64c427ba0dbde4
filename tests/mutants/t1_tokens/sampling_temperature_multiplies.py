"""sample_next_token multiplies the logits by the temperature instead of dividing"""

MODULE = "sampling.py"

import torch

REPLACE = [
    ("logits = logits / temperature", "logits = logits * temperature"),
]
