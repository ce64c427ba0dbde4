"""Bradley–Terry loss with rejected minus chosen"""

MODULE = "reward.py"

import torch.nn.functional as F


def bradley_terry_loss(r_chosen, r_rejected):
    return -F.logsigmoid(r_rejected - r_chosen).mean()
