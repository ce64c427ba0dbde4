"""plot_trend draws log10 of the prediction on a log axis"""
MODULE = "trends.py"

import numpy as np


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    ax.scatter(data["year"], data["training_flop"], label="models")
    xs = np.linspace(data["year"].min(), data["year"].max(), 50)
    ax.plot(xs, np.log10(trend.predict(xs)), label="fit")
    ax.set_yscale("log")
    ax.set_xlabel("year")
    ax.set_ylabel("training compute (FLOP)")
    ax.set_title(title or "training compute")
    ax.legend()
    return fig
