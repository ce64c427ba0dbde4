"""luhn_valid that adds doubled digits above 9 without subtracting 9"""
MODULE = "privacy.py"


def luhn_valid(digits):
    numbers = [int(ch) for ch in digits if ch.isdigit()]
    if not numbers:
        return False
    total = 0
    for position, d in enumerate(reversed(numbers)):
        total += d * 2 if position % 2 == 1 else d
    return total % 10 == 0
