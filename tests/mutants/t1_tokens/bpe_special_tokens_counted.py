"""train_bpe that does not split off the special tokens: their bytes are counted and merged"""

MODULE = "bpe.py"

REPLACE = [
    ("for piece in split_on_special_tokens(text, special_tokens)[::2]:", "for piece in [text]:"),
]
