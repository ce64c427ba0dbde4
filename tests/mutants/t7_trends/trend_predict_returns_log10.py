"""predict returns log10 of the value instead of the value"""

MODULE = "trends.py"

REPLACE = [
    (
        "offset = np.asarray(year, dtype=float) - self.reference_year\n"
        "        value = 10.0 ** (self.log10_at_reference + self.ooms_per_year * offset)",
        "value = self.log10_at_reference + self.ooms_per_year * (np.asarray(year, dtype=float) - self.reference_year)",
    ),
]
