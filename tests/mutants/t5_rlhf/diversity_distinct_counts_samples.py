"""distinct-n over whole samples: unique samples / samples, not unique n-grams / n-grams"""

MODULE = "diversity.py"


def distinct_n(samples, n):
    if n < 1:
        raise ValueError(n)
    return len(set(samples)) / len(samples) if samples else 0.0
