"""loss_optimal_allocation spends N·D = C, forgetting the 6"""

MODULE = "trends.py"

import numpy as np

REPLACE = [
    (
        "budget = np.asarray(compute, dtype=float) / 6.0",
        "budget = np.asarray(compute, dtype=float)",
    ),
]
