"""distinct-n as the mean of each sample's own ratio: repeats across samples go unseen"""

MODULE = "diversity.py"


def distinct_n(samples, n):
    if n < 1:
        raise ValueError(n)
    ratios = []
    for s in samples:
        tokens = s.split()
        grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        if grams:
            ratios.append(len(set(grams)) / len(grams))
    return sum(ratios) / len(ratios) if ratios else 0.0
