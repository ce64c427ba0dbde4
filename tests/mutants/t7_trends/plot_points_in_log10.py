"""plot_trend draws the log10 of the FLOP as points (a second scale) instead of the FLOP"""

MODULE = "trends.py"

REPLACE = [
    (
        'ax.scatter(part["year"], part["training_flop"],',
        'ax.scatter(part["year"], np.log10(part["training_flop"]),',
    ),
]
