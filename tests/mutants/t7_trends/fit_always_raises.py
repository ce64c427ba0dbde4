"""fit_exponential_trend that raises ValueError on every input (it must not earn the rejection point)"""

MODULE = "trends.py"
MESSAGES = {"*test_fit_rejects_unusable_data*": ()}


def fit_exponential_trend(years, values):
    raise ValueError("need at least 3 points in at least 2 distinct years")
