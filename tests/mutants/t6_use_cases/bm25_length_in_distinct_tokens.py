"""BM25 with document length = number of distinct tokens"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    (
        "self.doc_len = [len(tokens) for tokens in doc_tokens]",
        "self.doc_len = [len(set(tokens)) for tokens in doc_tokens]",
    ),
]
