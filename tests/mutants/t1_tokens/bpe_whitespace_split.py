"""train_bpe that pre-tokenizes with str.split() instead of GPT2_PATTERN: spaces are lost"""

MODULE = "bpe.py"

REPLACE = [
    ("counts.update(PRETOKENIZER.findall(piece))", "counts.update(piece.split())"),
]
