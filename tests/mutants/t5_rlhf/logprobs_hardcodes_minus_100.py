"""sequence log-probs that compare labels with -100 whatever ignore_index says"""

MODULE = "dpo.py"

import torch


def sequence_logprobs(logits, labels, ignore_index=-100):
    logits = logits[:, :-1, :].float()
    labels = labels[:, 1:]
    counted = labels != -100
    safe = labels.masked_fill(~counted, 0).long().clamp(min=0)
    token_logps = torch.gather(logits.log_softmax(dim=-1), 2, safe.unsqueeze(-1)).squeeze(-1)
    return (token_logps * counted).sum(dim=-1)
