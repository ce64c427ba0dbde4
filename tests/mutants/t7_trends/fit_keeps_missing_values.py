"""fit_exponential_trend keeps the NaN pairs (models without a FLOP figure)"""

MODULE = "trends.py"

import math

import numpy as np

REPLACE = [
    ("x, v = x[keep], v[keep]", "pass  # the NaN and non-positive values stay"),
]
