"""split_on_special_tokens without regex.escape: '|' in '<|endoftext|>' means 'or'"""

MODULE = "bpe.py"

REPLACE = [
    (
        'pattern = "(" + "|".join(regex.escape(s) for s in by_length) + ")"',
        'pattern = "(" + "|".join(s for s in by_length) + ")"',
    ),
]
