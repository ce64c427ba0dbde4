"""KL penalty without beta"""

MODULE = "dpo.py"


def kl_penalized_reward(reward, policy_logps, ref_logps, beta):
    return reward - (policy_logps - ref_logps)
