"""sensitivity_table sorts the rates instead of keeping the order given"""

MODULE = "trends.py"

import pandas as pd


def sensitivity_table(years, compute_rates, algorithmic_rates, unhobbling_ooms=0.0):
    compute_rates, algorithmic_rates = sorted(compute_rates), sorted(algorithmic_rates)
    values = [
        [effective_compute_ooms(years, c, a, unhobbling_ooms) for a in algorithmic_rates]
        for c in compute_rates
    ]
    return pd.DataFrame(
        values,
        index=pd.Index(compute_rates, name="compute OOM/yr"),
        columns=pd.Index(algorithmic_rates, name="algorithmic OOM/yr"),
    )
