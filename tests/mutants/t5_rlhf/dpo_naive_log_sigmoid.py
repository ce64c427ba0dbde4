"""DPO loss as -log(sigmoid(x)): inf for a large negative margin"""

MODULE = "dpo.py"

import torch


def dpo_loss(
    policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1
):
    chosen = beta * (policy_chosen_logps - ref_chosen_logps)
    rejected = beta * (policy_rejected_logps - ref_rejected_logps)
    return -torch.log(torch.sigmoid(chosen - rejected)), chosen.detach(), rejected.detach()
