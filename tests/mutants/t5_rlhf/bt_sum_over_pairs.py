"""Bradley–Terry loss summed over the pairs instead of averaged"""

MODULE = "reward.py"

import torch.nn.functional as F


def bradley_terry_loss(r_chosen, r_rejected):
    return -F.logsigmoid(r_chosen - r_rejected).sum()
