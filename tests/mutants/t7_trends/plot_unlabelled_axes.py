"""plot_trend draws data and fit on a log axis but labels neither axis"""
MODULE = "trends.py"

import numpy as np


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    ax.scatter(data["year"], data["training_flop"], label="models")
    xs = np.linspace(data["year"].min(), data["year"].max(), 50)
    ax.plot(xs, trend.predict(xs), label="fit")
    ax.set_yscale("log")
    ax.set_title(title or "training compute")
    ax.legend()
    return fig
