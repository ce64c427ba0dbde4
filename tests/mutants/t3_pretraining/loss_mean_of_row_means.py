"""mean of per-sequence means (rows with padding weigh as much as full rows)"""

MODULE = "objective.py"


def next_token_loss(logits, input_ids, ignore_index=-100):
    lg = logits[:, :-1].float()
    targets = input_ids[:, 1:]
    per_token = F.cross_entropy(
        lg.transpose(1, 2), targets, ignore_index=ignore_index, reduction="none"
    )
    real = (targets != ignore_index).float()
    return ((per_token * real).sum(1) / real.sum(1).clamp(min=1)).mean()
