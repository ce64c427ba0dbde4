"""distinct-n without the no-n-gram case: ZeroDivisionError on empty input"""

MODULE = "diversity.py"

MESSAGES = {"*test_distinct_n_hand_checked_table*": ("divided by zero", "return 0.0")}


def distinct_n(samples, n):
    if n < 1:
        raise ValueError(n)
    grams = []
    for s in samples:
        tokens = s.split()
        grams += [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return len(set(grams)) / len(grams)
