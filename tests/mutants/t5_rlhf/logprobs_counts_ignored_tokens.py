"""sequence log-probs that score ignored positions as token 0 instead of skipping them"""

MODULE = "dpo.py"

import torch


def sequence_logprobs(logits, labels, ignore_index=-100):
    logits = logits[:, :-1, :].float()
    labels = labels[:, 1:].masked_fill(labels[:, 1:] == ignore_index, 0).long()
    return torch.gather(logits.log_softmax(dim=-1), 2, labels.unsqueeze(-1)).squeeze(-1).sum(dim=-1)
