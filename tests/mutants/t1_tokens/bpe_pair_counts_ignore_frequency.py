"""train_bpe that counts each distinct pre-token once, ignoring its frequency"""

MODULE = "bpe.py"

REPLACE = [
    ("freqs = list(counts.values())", "freqs = [1] * len(counts)"),
]
