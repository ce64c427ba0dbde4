"""growth_per_year uses e**ooms (natural exponent) instead of 10**ooms"""

MODULE = "trends.py"

REPLACE = [
    ("return 10.0 ** self.ooms_per_year", "return math.exp(self.ooms_per_year)"),
]
