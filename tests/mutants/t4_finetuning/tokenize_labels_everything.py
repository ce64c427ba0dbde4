"""tokenize_for_sft that trains on every token: system and user turns too"""

MODULE = "chat.py"

REPLACE = [
    (
        "overlaps = any(begin < hi and end > lo for lo, hi in spans)",
        "overlaps = True",
    ),
]
