"""effective_compute_ooms multiplies the two rates instead of adding them"""

MODULE = "trends.py"


def effective_compute_ooms(
    years, compute_ooms_per_year, algorithmic_ooms_per_year, unhobbling_ooms=0.0
):
    return years * compute_ooms_per_year * algorithmic_ooms_per_year + unhobbling_ooms
