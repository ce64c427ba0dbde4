"""tokenize_for_sft that labels only the last assistant turn of a multi-turn conversation"""

MODULE = "chat.py"

REPLACE = [
    (
        "spans.append((start, len(text)))",
        "spans[:] = [(start, len(text))]",
    ),
]
