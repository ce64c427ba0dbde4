"""addition_dataset's one-digit operands start at 1 (0 never comes)"""

MODULE = "reasoning.py"

REPLACE = [
    ("lo = 0 if digits == 1 else 10 ** (digits - 1)", "lo = 10 ** (digits - 1)"),
]
