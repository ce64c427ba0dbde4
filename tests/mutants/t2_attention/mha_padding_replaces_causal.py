"""with a padding mask, the causal mask is dropped (the padding mask replaces it)"""

MODULE = "attention.py"

REPLACE = [
    ("mask = keys if mask is None else mask & keys", "mask = keys"),
]
