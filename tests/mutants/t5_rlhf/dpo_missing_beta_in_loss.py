"""DPO loss on the raw log-ratio margin: beta only in the logged rewards"""

MODULE = "dpo.py"

import torch.nn.functional as F


def dpo_loss(
    policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1
):
    chosen = policy_chosen_logps - ref_chosen_logps
    rejected = policy_rejected_logps - ref_rejected_logps
    losses = -F.logsigmoid(chosen - rejected)
    return losses, (beta * chosen).detach(), (beta * rejected).detach()
