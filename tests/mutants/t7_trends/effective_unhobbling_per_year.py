"""effective_compute_ooms treats unhobbling as a rate per year"""

MODULE = "trends.py"


def effective_compute_ooms(
    years, compute_ooms_per_year, algorithmic_ooms_per_year, unhobbling_ooms=0.0
):
    return years * (compute_ooms_per_year + algorithmic_ooms_per_year + unhobbling_ooms)
