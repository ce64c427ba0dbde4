"""loss_optimal_allocation swaps the exponents: N grows as C**(alpha/(alpha+beta))"""

MODULE = "trends.py"

import numpy as np

REPLACE = [
    (
        "params = scale * budget ** (beta / (alpha + beta))",
        "params = scale * budget ** (alpha / (alpha + beta))",
    ),
]
