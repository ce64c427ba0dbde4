"""plot_trend that draws the ±2σ band lines before the fit line (and the points last)"""

MODULE = "trends.py"

import numpy as np
from matplotlib.figure import Figure


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    xs = np.linspace(data["year"].min(), data["year"].max(), 60)
    spread = 2 * np.std(np.log10(data["training_flop"]) - np.log10(trend.predict(data["year"])))
    ax.plot(xs, trend.predict(xs) * 10**spread, "--", color="grey", label="+2σ")
    ax.plot(xs, trend.predict(xs) / 10**spread, "--", color="grey", label="−2σ")
    ax.plot(xs, trend.predict(xs), color="black", label="fit")
    ax.scatter(data["year"], data["training_flop"], label="models", zorder=3)
    ax.set_yscale("log")
    ax.set_xlabel("Year")
    ax.set_ylabel("Training FLOP")
    ax.set_title(title or trend.describe())
    ax.legend()
    return fig
