"""normalize_answer that forgets to remove the articles a/an/the"""

MODULE = "evaluate.py"

import string


def normalize_answer(text):
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation))
    return " ".join(text.split())
