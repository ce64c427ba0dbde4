"""plot_trend with fig.legend(), fig.suptitle() and a shaded band (fill_between) behind the data"""

MODULE = "trends.py"

import numpy as np
from matplotlib.figure import Figure


def plot_trend(df, trend, title=None):
    data = df.dropna(subset=["year", "training_flop"])
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_yscale("log")
    xs = np.linspace(data["year"].min() - 0.25, data["year"].max() + 0.25, 30)
    ax.fill_between(xs, trend.predict(xs) / 10, trend.predict(xs) * 10, alpha=0.15, label="±1 OOM")
    ax.plot(xs, trend.predict(xs), label="trend", linewidth=2)
    ax.scatter(data["year"].to_numpy(), data["training_flop"].to_numpy(), s=12, label="models")
    ax.set_xlabel("year")
    ax.set_ylabel("training compute [FLOP]")
    fig.suptitle(title or f"{trend.growth_per_year:.2f}× per year")
    fig.legend(loc="outside right upper")
    return fig
