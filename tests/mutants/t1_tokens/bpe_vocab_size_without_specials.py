"""train_bpe whose vocab_size leaves out the special tokens: too many merges"""

MODULE = "bpe.py"

REPLACE = [
    ("while len(vocab) < vocab_size and heap:", "while len(merges) < vocab_size - 256 and heap:"),
]
