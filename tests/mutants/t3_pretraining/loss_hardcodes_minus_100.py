"""ignore_index argument not passed on (always -100)"""

MODULE = "objective.py"


def next_token_loss(logits, input_ids, ignore_index=-100):
    lg = logits[:, :-1].float()
    return F.cross_entropy(lg.reshape(-1, lg.shape[-1]), input_ids[:, 1:].reshape(-1))
