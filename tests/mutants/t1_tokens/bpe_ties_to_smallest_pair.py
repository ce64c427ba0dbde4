"""train_bpe that breaks ties towards the smallest pair"""

MODULE = "bpe.py"

REPLACE = [
    (
        "return (-count, inv(pair[0]), inv(pair[1]), pair)",
        "return (-count, vocab[pair[0]], vocab[pair[1]], pair)",
    ),
]
