"""plot_trend draws the data but not the fitted line"""

MODULE = "trends.py"

REPLACE = [
    (
        'ax.plot(xs, trend.predict(xs), color="black", linewidth=1.5,\n'
        '            label=f"fit: {trend.growth_per_year:.1f}×/yr")',
        "pass",
    ),
]
