"""sample_next_token applies top-k/top-p to the raw logits and the temperature afterwards"""

MODULE = "sampling.py"

import torch

REPLACE = [
    (
        "    logits = logits / temperature\n",
        "",
    ),
    (
        "logits = top_p_filter(logits, top_p)\n"
        "    probs = softmax(logits)\n"
        "    return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)",
        "logits = top_p_filter(logits, top_p)\n"
        "    probs = softmax(logits, temperature)\n"
        "    return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)",
    ),
]
