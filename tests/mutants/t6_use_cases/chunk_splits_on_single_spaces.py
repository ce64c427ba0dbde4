"""chunk_text that splits with text.split(" ") (newlines, tabs and double spaces break words)"""

MODULE = "retrieval.py"

REPLACE = [
    (
        "words = text.split()",
        'words = text.strip().split(" ") if text.strip() else []',
    ),
]
