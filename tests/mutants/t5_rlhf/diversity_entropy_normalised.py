"""sample entropy divided by ln N (a 0..1 "evenness"), not the plug-in entropy"""

MODULE = "diversity.py"


def sample_entropy(samples):
    total = len(samples)
    if total < 2:
        return 0.0
    h = -sum(c / total * math.log(c / total) for c in Counter(samples).values())  # noqa: F821
    return h / math.log(total) + 0.0  # noqa: F821
