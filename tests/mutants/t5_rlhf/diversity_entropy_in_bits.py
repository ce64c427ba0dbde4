"""sample entropy in bits (log2) instead of nats"""

MODULE = "diversity.py"

MESSAGES = {"*test_sample_entropy_hand_checked_table*": ("in bits", "natural log")}


def sample_entropy(samples):
    total = len(samples)
    if total == 0:
        return 0.0
    return -sum(c / total * math.log2(c / total) for c in Counter(samples).values()) + 0.0  # noqa: F821
