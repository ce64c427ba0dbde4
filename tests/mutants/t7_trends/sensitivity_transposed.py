"""sensitivity_table puts the algorithmic rates on the rows and compute rates on the columns"""

MODULE = "trends.py"

import pandas as pd


def sensitivity_table(years, compute_rates, algorithmic_rates, unhobbling_ooms=0.0):
    values = [
        [effective_compute_ooms(years, c, a, unhobbling_ooms) for c in compute_rates]
        for a in algorithmic_rates
    ]
    return pd.DataFrame(
        values,
        index=pd.Index(list(algorithmic_rates), name="algorithmic OOM/yr"),
        columns=pd.Index(list(compute_rates), name="compute OOM/yr"),
    )
