"""BM25 idf without the +1, and search keeps positive scores only (common words' documents vanish)"""

MODULE = "retrieval.py"
MESSAGES = {"*": "idf"}

import math
from collections import Counter

REPLACE = [
    (
        "token: math.log(1 + (self.n_docs - len(p) + 0.5) / (len(p) + 0.5))",
        "token: math.log((self.n_docs - len(p) + 0.5) / (len(p) + 0.5))",
    ),
    (
        "ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))",
        "ranked = sorted(((i, s) for i, s in scores.items() if s > 0), key=lambda item: (-item[1], item[0]))",
    ),
]
