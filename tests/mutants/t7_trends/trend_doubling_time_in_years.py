"""doubling_time_months returns years instead of months"""

MODULE = "trends.py"

REPLACE = [
    (
        "return 12.0 * math.log10(2.0) / self.ooms_per_year",
        "return math.log10(2.0) / self.ooms_per_year",
    ),
]
