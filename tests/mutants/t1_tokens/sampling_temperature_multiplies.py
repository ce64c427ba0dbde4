"""sample_next_token multiplies the logits by the temperature instead of dividing"""
MODULE = "sampling.py"

import torch


def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    if temperature == 0:
        return logits.argmax(dim=-1)
    logits = logits * temperature
    if top_k is not None:
        logits = top_k_filter(logits, top_k)
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    probs = softmax(logits)
    return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)
