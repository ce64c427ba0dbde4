"""plot_trend draws log10 of the prediction on a log axis"""

MODULE = "trends.py"

REPLACE = [
    ("ax.plot(xs, trend.predict(xs),", "ax.plot(xs, np.log10(trend.predict(xs)),"),
]
