"""sequence log-probs without the shift: position t's logits scored against label t"""

MODULE = "dpo.py"

import torch


def sequence_logprobs(logits, labels, ignore_index=-100):
    logits = logits.float()
    counted = labels != ignore_index
    safe = labels.masked_fill(~counted, 0).long()
    token_logps = torch.gather(logits.log_softmax(dim=-1), 2, safe.unsqueeze(-1)).squeeze(-1)
    return (token_logps * counted).sum(dim=-1)
