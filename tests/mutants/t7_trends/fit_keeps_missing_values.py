"""fit_exponential_trend keeps the NaN pairs (models without a FLOP figure)"""
MODULE = "trends.py"

import math

import numpy as np


def fit_exponential_trend(years, values):
    x = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(v))
    pass
    if (v <= 0).any():
        raise ValueError("positive values needed")
    if len(x) < 3 or np.ptp(x) == 0:
        raise ValueError("need at least 3 points")
    y = np.log10(v)
    x_mean, y_mean = x.mean(), y.mean()
    sxx = ((x - x_mean) ** 2).sum()
    slope = ((x - x_mean) * (y - y_mean)).sum() / sxx
    residuals = y - (y_mean + slope * (x - x_mean))
    stderr = math.sqrt((residuals ** 2).sum() / (len(x) - 2) / sxx)
    return Trend(float(slope), float(x_mean), float(y_mean), stderr, int(len(x)))
