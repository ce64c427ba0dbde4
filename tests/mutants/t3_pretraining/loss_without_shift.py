"""next-token loss without the shift (position t's logits scored against token t)"""

MODULE = "objective.py"


def next_token_loss(logits, input_ids, ignore_index=-100):
    return F.cross_entropy(
        logits.float().reshape(-1, logits.shape[-1]),
        input_ids.reshape(-1),
        ignore_index=ignore_index,
    )
