"""BM25 that scores each distinct query token once (set(query))"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    ("for token in tokenize(query):", "for token in set(tokenize(query)):"),
]
