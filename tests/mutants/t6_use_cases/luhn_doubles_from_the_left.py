"""luhn_valid that doubles every second digit counting from the left"""
MODULE = "privacy.py"


def luhn_valid(digits):
    numbers = [int(ch) for ch in digits if ch.isdigit()]
    if not numbers:
        return False
    total = 0
    for position, d in enumerate(numbers):
        if position % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
