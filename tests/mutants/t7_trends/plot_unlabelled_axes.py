"""plot_trend draws data and fit on a log axis but labels neither axis"""

MODULE = "trends.py"

REPLACE = [
    ('    ax.set_xlabel("publication year")\n    ax.set_ylabel("training compute (FLOP)")\n', ""),
]
