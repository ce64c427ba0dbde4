"""normalize_answer that removes 'a', 'an', 'the' inside words too (no word boundaries)"""

MODULE = "evaluate.py"

import re
import string


def normalize_answer(text):
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation))
    text = re.sub(r"(a|an|the)", " ", text)
    return " ".join(text.split())
