"""split_on_special_tokens in the order given: the shorter of two overlapping tokens can win"""

MODULE = "bpe.py"

REPLACE = [
    (
        "by_length = sorted(set(special_tokens), key=len, reverse=True)",
        "by_length = list(special_tokens)",
    ),
]
