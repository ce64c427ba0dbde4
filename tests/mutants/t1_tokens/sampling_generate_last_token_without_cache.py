"""generate that feeds only the last token at each step but no cache"""
MODULE = "sampling.py"

import torch


def generate(model, input_ids, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
             eos_token_id=None, generator=None):
    ids = input_ids
    finished = torch.zeros(ids.shape[0], dtype=torch.bool)
    with torch.no_grad():
        for step in range(max_new_tokens):
            step_input = ids if step == 0 else ids[:, -1:]
            logits = model(step_input).logits[:, -1, :]
            next_token = sample_next_token(logits, temperature, top_k, top_p, generator)
            if eos_token_id is not None:
                next_token = next_token.masked_fill(finished, eos_token_id)
                finished |= next_token == eos_token_id
            ids = torch.cat([ids, next_token[:, None]], dim=-1)
            if finished.all():
                break
    return ids
