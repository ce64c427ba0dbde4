"""the padding mask applied to queries instead of keys"""

MODULE = "attention.py"

REPLACE = [
    (
        "keys = attention_mask.bool()[:, None, None, :]",
        "keys = attention_mask.bool()[:, None, :, None]",
    ),
]
