"""KL penalty added instead of subtracted"""

MODULE = "dpo.py"


def kl_penalized_reward(reward, policy_logps, ref_logps, beta):
    return reward + beta * (policy_logps - ref_logps)
