"""sample_next_token returns torch.multinomial's (batch, 1) instead of (batch,)"""

MODULE = "sampling.py"

import torch

REPLACE = [
    ("return logits.argmax(dim=-1)", "return logits.argmax(dim=-1, keepdim=True)"),
    (
        "return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)",
        "return torch.multinomial(probs, num_samples=1, generator=generator)",
    ),
]
