"""plot_trend leaves the y axis linear"""

MODULE = "trends.py"

REPLACE = [
    ('    ax.set_yscale("log")\n', ""),
]
