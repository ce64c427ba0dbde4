"""attention_mask ignored: padding tokens are attended to"""

MODULE = "attention.py"

REPLACE = [
    (
        "        if attention_mask is not None:\n            keys = attention_mask.bool()[:, None, None, :]     # (B, 1, 1, T): hide padding keys\n            mask = keys if mask is None else mask & keys\n",
        "",
    ),
]
