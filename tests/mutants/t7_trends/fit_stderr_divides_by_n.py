"""fit_exponential_trend divides the squared residuals by n instead of n - 2"""

MODULE = "trends.py"

import math

import numpy as np

REPLACE = [
    (
        "stderr = math.sqrt((residuals ** 2).sum() / (len(x) - 2) / sxx)",
        "stderr = math.sqrt((residuals ** 2).sum() / (len(x)) / sxx)",
    ),
]
