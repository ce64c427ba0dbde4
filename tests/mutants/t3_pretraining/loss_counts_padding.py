"""padding given zero loss but still counted in the mean"""

MODULE = "objective.py"


def next_token_loss(logits, input_ids, ignore_index=-100):
    lg = logits[:, :-1].float()
    targets = input_ids[:, 1:].reshape(-1)
    per_token = F.cross_entropy(
        lg.reshape(-1, lg.shape[-1]), targets, ignore_index=ignore_index, reduction="none"
    )
    return per_token.sum() / targets.numel()
