"""plot_trend with labelled artists but neither a legend nor a title (axes or figure)"""

MODULE = "trends.py"
MESSAGES = {"*test_plot_trend_labels_legend_png*": ()}

REPLACE = [
    ("ax.set_title(title or", "(title or"),
    ('    ax.legend(loc="upper left")\n', ""),
]
