"""preference accuracy that counts ties as correct"""

MODULE = "reward.py"


def preference_accuracy(r_chosen, r_rejected):
    return (r_chosen >= r_rejected).float().mean().item()
