"""plot_trend draws the log10 of the FLOP as points (a second scale) instead of the FLOP"""
MODULE = "trends.py"

import numpy as np


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    ax.scatter(data["year"], np.log10(data["training_flop"]), label="models")
    xs = np.linspace(data["year"].min(), data["year"].max(), 50)
    ax.plot(xs, trend.predict(xs), label="fit")
    ax.set_yscale("log")
    ax.set_xlabel("year")
    ax.set_ylabel("training compute (FLOP)")
    ax.set_title(title or "training compute")
    ax.legend()
    return fig
