"""fit_exponential_trend regresses the years on log10(values) (axes swapped) and inverts the slope"""

MODULE = "trends.py"

import math

import numpy as np

REPLACE = [
    (
        "slope = ((x - x_mean) * (y - y_mean)).sum() / sxx",
        "slope = 1.0 / (((x - x_mean) * (y - y_mean)).sum() / ((y - y_mean) ** 2).sum())",
    ),
]
