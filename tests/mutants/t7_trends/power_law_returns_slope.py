"""fit_power_law returns the log-log slope (negative) as alpha"""

MODULE = "trends.py"

import numpy as np


def fit_power_law(x, y):
    slope, intercept = np.polyfit(np.log10(x), np.log10(y), 1)
    return 10**intercept, slope
