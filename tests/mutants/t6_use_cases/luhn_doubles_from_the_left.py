"""luhn_valid that doubles every second digit counting from the left"""

MODULE = "privacy.py"

REPLACE = [
    (
        "for position, d in enumerate(reversed(numbers)):\n        if position % 2 == 1:",
        "for position, d in enumerate(numbers):\n        if position % 2 == 0:",
    ),
]
