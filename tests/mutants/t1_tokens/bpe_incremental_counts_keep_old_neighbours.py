"""incremental train_bpe that never subtracts the neighbour pairs a merge destroys"""

MODULE = "bpe.py"

import heapq
from collections import Counter, defaultdict

REPLACE = [
    (
        "pair_counts[old] -= freq\n                changed.add(old)",
        "if old == pair:  # the neighbours (x, a) and (b, y) are never subtracted\n"
        "                    pair_counts[old] -= freq\n"
        "                    changed.add(old)",
    ),
    (
        "pair_counts[new] += freq\n"
        "                changed.add(new)\n"
        "                where[new].add(index)",
        "if new_id in new:  # only the pairs with the new token are added\n"
        "                    pair_counts[new] += freq\n"
        "                    changed.add(new)\n"
        "                    where[new].add(index)",
    ),
]
