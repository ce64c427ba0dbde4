"""BM25 with k1 and b swapped in the length normalisation"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    (
        "norm = self.k1 * (1 - self.b + self.b * self.doc_len[i] / self.avgdl)",
        "norm = self.b * (1 - self.k1 + self.k1 * self.doc_len[i] / self.avgdl)",
    ),
]
