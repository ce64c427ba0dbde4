"""distinct-n with tokens from split(" "): tabs, newlines and double spaces make odd tokens"""

MODULE = "diversity.py"


def distinct_n(samples, n):
    if n < 1:
        raise ValueError(n)
    grams = []
    for s in samples:
        tokens = s.split(" ")
        grams += [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0
