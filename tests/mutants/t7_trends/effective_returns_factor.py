"""effective_compute_ooms returns the growth factor 10**OOMs instead of the OOMs"""

MODULE = "trends.py"


def effective_compute_ooms(
    years, compute_ooms_per_year, algorithmic_ooms_per_year, unhobbling_ooms=0.0
):
    return 10.0 ** (years * (compute_ooms_per_year + algorithmic_ooms_per_year) + unhobbling_ooms)
