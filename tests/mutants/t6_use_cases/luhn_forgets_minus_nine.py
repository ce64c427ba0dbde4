"""luhn_valid that adds doubled digits above 9 without subtracting 9"""

MODULE = "privacy.py"

REPLACE = [
    (
        "if position % 2 == 1:\n"
        "            d *= 2\n"
        "            if d > 9:\n"
        "                d -= 9\n"
        "        total += d",
        "total += d * 2 if position % 2 == 1 else d",
    ),
]
