"""plot_trend with labelled artists but neither a legend nor a title (axes or figure)"""
MODULE = "trends.py"
MESSAGES = {"*test_plot_trend_labels_legend_png*": ()}

import numpy as np
from matplotlib.figure import Figure


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    ax.scatter(data["year"], data["training_flop"], label="models")
    xs = np.linspace(data["year"].min(), data["year"].max(), 50)
    ax.plot(xs, trend.predict(xs), label="fit")
    ax.set_yscale("log")
    ax.set_xlabel("year")
    ax.set_ylabel("training compute (FLOP)")
    return fig
