"""fit_power_law fits log10 but turns the intercept back with exp"""

MODULE = "trends.py"

import math

import numpy as np


def fit_power_law(x, y):
    slope, intercept = np.polyfit(np.log10(x), np.log10(y), 1)
    return math.exp(intercept), -slope
