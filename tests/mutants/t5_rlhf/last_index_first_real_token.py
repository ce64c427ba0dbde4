"""argmax of the mask: the FIRST real token"""

MODULE = "reward.py"


def last_token_index(attention_mask):
    return attention_mask.long().argmax(dim=-1)
