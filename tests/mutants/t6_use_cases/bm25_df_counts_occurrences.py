"""BM25 document frequency counting occurrences instead of documents"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    (
        "token: math.log(1 + (self.n_docs - len(p) + 0.5) / (len(p) + 0.5))",
        "token: math.log(1 + (self.n_docs - sum(tf for _, tf in p) + 0.5) / (sum(tf for _, tf in p) + 0.5))",
    ),
]
