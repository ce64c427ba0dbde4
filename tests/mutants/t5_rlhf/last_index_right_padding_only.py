"""last real token as the number of real tokens minus one (right padding only)"""

MODULE = "reward.py"


def last_token_index(attention_mask):
    return attention_mask.long().sum(dim=-1) - 1
