"""search that returns the k lowest-scoring matches"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    (
        "ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))\n"
        "        return [(i, float(s)) for i, s in ranked[:k]]",
        "ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))\n"
        "        return [(i, float(s)) for i, s in ranked[::-1][:k]]",
    ),
]
