"""sequence log-prob as the MEAN over the reply's tokens instead of the sum"""

MODULE = "dpo.py"

import torch


def sequence_logprobs(logits, labels, ignore_index=-100):
    logits = logits[:, :-1, :].float()
    labels = labels[:, 1:]
    counted = labels != ignore_index
    safe = labels.masked_fill(~counted, 0).long()
    token_logps = torch.gather(logits.log_softmax(dim=-1), 2, safe.unsqueeze(-1)).squeeze(-1)
    return (token_logps * counted).sum(dim=-1) / counted.sum(dim=-1).clamp(min=1)
