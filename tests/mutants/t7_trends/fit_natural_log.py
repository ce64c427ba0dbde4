"""fit_exponential_trend fits the natural log (np.log) instead of log10"""

MODULE = "trends.py"

import math

import numpy as np

REPLACE = [
    ("y = np.log10(v)", "y = np.log(v)"),
]
