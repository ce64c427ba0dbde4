"""fit_exponential_trend stores polyfit's intercept (the log10 value at year 0) but the mean year as reference"""

MODULE = "trends.py"

import math

import numpy as np


def fit_exponential_trend(years, values):
    x = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(v))
    x, v = x[keep], v[keep]
    if (v <= 0).any() or len(x) < 3:
        raise ValueError("bad data")
    (slope, intercept), cov = np.polyfit(x, np.log10(v), 1, cov=True)
    return Trend(float(slope), float(x.mean()), float(intercept), math.sqrt(cov[0, 0]), len(x))
