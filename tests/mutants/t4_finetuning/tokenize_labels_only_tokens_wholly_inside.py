"""tokenize_for_sft that labels only the tokens lying wholly inside the assistant's text (the '\\n\\n' that merges the header's newline with a reply's first is missed)"""

MODULE = "chat.py"

REPLACE = [
    (
        "overlaps = any(begin < hi and end > lo for lo, hi in spans)",
        "overlaps = any(lo <= begin and end <= hi for lo, hi in spans)",
    ),
]
