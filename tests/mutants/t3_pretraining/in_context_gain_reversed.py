"""second copy minus first (the sign flipped)"""

MODULE = "emergence.py"

REPLACE = [
    ("return (first - second).item()", "return (second - first).item()"),
]
