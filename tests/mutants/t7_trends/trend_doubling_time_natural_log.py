"""doubling_time_months uses ln(2) with a slope in powers of ten"""

MODULE = "trends.py"

REPLACE = [
    (
        "return 12.0 * math.log10(2.0) / self.ooms_per_year",
        "return 12.0 * math.log(2.0) / self.ooms_per_year",
    ),
]
