"""distinct-n of the samples joined into one text: n-grams cross sample boundaries"""

MODULE = "diversity.py"

MESSAGES = {"*test_distinct_n_hand_checked_table*": ("no bigram spans",)}


def distinct_n(samples, n):
    if n < 1:
        raise ValueError(n)
    tokens = " ".join(samples).split()
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0
