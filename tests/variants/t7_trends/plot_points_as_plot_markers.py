"""plot_trend that draws the points with ax.plot(x, y, "o", linestyle="none"), one call per group"""

MODULE = "trends.py"

import numpy as np
from matplotlib.figure import Figure


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    groups = data.groupby("flop_source") if "flop_source" in data else [("models", data)]
    for name, part in groups:
        ax.plot(part["year"], part["training_flop"], "o", linestyle="none", label=name)
    xs = np.array([data["year"].min(), data["year"].max()])
    ax.semilogy(xs, trend.predict(xs), "-", label=f"{trend.growth_per_year:.1f}× per year")
    ax.set_xlabel("year of publication")
    ax.set_ylabel("FLOP")
    ax.set_title(title or "compute trend")
    ax.legend()
    return fig
