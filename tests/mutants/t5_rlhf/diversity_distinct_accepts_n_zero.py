"""distinct-n without the n < 1 check: n = 0 returns a number"""

MODULE = "diversity.py"

MESSAGES = {"*test_distinct_n_rejects_n_below_one*": ("ValueError",)}


def distinct_n(samples, n):
    grams = Counter()  # noqa: F821
    for sample in samples:
        tokens = sample.split()
        grams.update(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    total = sum(grams.values())
    return len(grams) / total if total else 0.0
