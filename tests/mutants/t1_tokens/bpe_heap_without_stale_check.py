"""incremental train_bpe whose heap trusts stale entries (outdated counts)"""

MODULE = "bpe.py"

import heapq
from collections import Counter, defaultdict

REPLACE = [
    (
        "if pair_counts.get(pair, 0) != -neg_count:\n"
        "            continue  # stale entry: this pair's count changed since it was pushed",
        "if pair_counts.get(pair, 0) == 0:\n"
        "            continue  # gone (but an outdated, too high count is still trusted)",
    ),
]
