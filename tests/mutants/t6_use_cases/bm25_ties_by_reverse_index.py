"""search that sorts ties by the larger document index"""

MODULE = "retrieval.py"

import math
from collections import Counter

REPLACE = [
    (
        "ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))",
        "ranked = sorted(scores.items(), key=lambda item: (item[1], item[0]), reverse=True)",
    ),
]
