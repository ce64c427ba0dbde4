"""shift in the wrong direction (logits of t+1 scored against token t)"""

MODULE = "objective.py"


def next_token_loss(logits, input_ids, ignore_index=-100):
    lg = logits[:, 1:].float()
    return F.cross_entropy(
        lg.reshape(-1, lg.shape[-1]), input_ids[:, :-1].reshape(-1), ignore_index=ignore_index
    )
