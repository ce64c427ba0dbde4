"""second window starts at the copy's first token, which cannot be predicted"""

MODULE = "emergence.py"

REPLACE = [
    ("second = losses[:, seq_len:].mean()", "second = losses[:, seq_len - 1 :].mean()"),
]
