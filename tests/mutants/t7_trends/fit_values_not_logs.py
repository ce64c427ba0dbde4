"""fit_exponential_trend fits a line to the values themselves instead of their log10"""

MODULE = "trends.py"

import math

import numpy as np

REPLACE = [
    ("y = np.log10(v)", "y = v"),
]
