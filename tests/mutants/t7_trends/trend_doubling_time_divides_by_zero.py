"""doubling_time_months divides by zero for a flat trend"""

MODULE = "trends.py"

REPLACE = [
    (
        "        ### BEGIN SOLUTION (task 2)\n"
        "        if self.ooms_per_year == 0:\n"
        "            return math.inf\n",
        "",
    ),
]
