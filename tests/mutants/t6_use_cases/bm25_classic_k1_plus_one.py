"""BM25 with the classic (k1 + 1) factor in the numerator (scores differ from Lucene/bm25s)"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    (
        "scores[i] = scores.get(i, 0.0) + self.idf[token] * tf / (tf + norm)",
        "scores[i] = scores.get(i, 0.0) + self.idf[token] * tf * (self.k1 + 1) / (tf + norm)",
    ),
]
