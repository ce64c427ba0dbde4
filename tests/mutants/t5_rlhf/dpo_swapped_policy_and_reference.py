"""DPO rewards as reference minus policy"""

MODULE = "dpo.py"

import torch.nn.functional as F


def dpo_loss(
    policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1
):
    chosen = beta * (ref_chosen_logps - policy_chosen_logps)
    rejected = beta * (ref_rejected_logps - policy_rejected_logps)
    return -F.logsigmoid(chosen - rejected), chosen.detach(), rejected.detach()
