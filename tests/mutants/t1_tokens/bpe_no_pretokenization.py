"""train_bpe without the GPT-2 pre-tokenizer: merges cross word boundaries"""

MODULE = "bpe.py"

REPLACE = [
    ("counts.update(PRETOKENIZER.findall(piece))", "counts[piece] += 1"),
]
