"""Bradley–Terry loss built from Python floats: no gradient reaches the rewards"""

MODULE = "reward.py"

import math

import torch


def bradley_terry_loss(r_chosen, r_rejected):
    diffs = (r_chosen - r_rejected).tolist()
    return torch.tensor(
        sum(math.log1p(math.exp(-d)) if d > -30 else -d for d in diffs) / len(diffs)
    )
