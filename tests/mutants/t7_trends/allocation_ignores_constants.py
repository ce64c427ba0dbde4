"""loss_optimal_allocation ignores the constants passed in (always Hoffmann et al.)"""

MODULE = "trends.py"

import numpy as np

REPLACE = [
    ("### BEGIN SOLUTION (task 7)", "A, B, alpha, beta = 406.4, 410.7, 0.34, 0.28"),
]
