"""train_bpe on token ids that breaks ties by comparing the ids, not the bytes"""

MODULE = "bpe.py"

REPLACE = [
    (
        "return (-count, inv(pair[0]), inv(pair[1]), pair)",
        'return (-count, -pair[0], -pair[1], pair)  # ids: 256 > 255 though b"ab" < b"z"',
    ),
]
