"""BM25 idf ln((N - df + 0.5) / (df + 0.5)) without the +1 (negative for common words)"""

MODULE = "retrieval.py"
MESSAGES = {"*": "idf"}

import math
from collections import Counter

REPLACE = [
    (
        "token: math.log(1 + (self.n_docs - len(p) + 0.5) / (len(p) + 0.5))",
        "token: math.log((self.n_docs - len(p) + 0.5) / (len(p) + 0.5))",
    ),
]
