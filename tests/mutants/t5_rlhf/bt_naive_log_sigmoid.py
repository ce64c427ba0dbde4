"""Bradley–Terry loss as log(sigmoid(x)): -inf when the chosen reward is far behind"""

MODULE = "reward.py"

import torch


def bradley_terry_loss(r_chosen, r_rejected):
    return -torch.log(torch.sigmoid(r_chosen - r_rejected)).mean()
