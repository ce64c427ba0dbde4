"""sample_next_token draws from the global random state instead of the given generator"""

MODULE = "sampling.py"

import torch

REPLACE = [
    (
        "return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)",
        "return torch.multinomial(probs, num_samples=1).squeeze(-1)",
    ),
]
