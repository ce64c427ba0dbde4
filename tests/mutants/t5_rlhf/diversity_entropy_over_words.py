"""sample entropy of the words of the samples, not of the whole replies"""

MODULE = "diversity.py"


def sample_entropy(samples):
    words = [w for s in samples for w in s.split()]
    total = len(words)
    if total == 0:
        return 0.0
    return -sum(c / total * math.log(c / total) for c in Counter(words).values()) + 0.0  # noqa: F821
