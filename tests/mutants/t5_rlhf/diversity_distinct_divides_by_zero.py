"""distinct-n without the no-n-gram case: ZeroDivisionError on empty input"""

MODULE = "diversity.py"

REPLACE = [
    ("return len(grams) / total if total else 0.0", "return len(grams) / total"),
]
