"""Privacy: redact personal data before text leaves your systems.

Support tickets are full of personal data: e-mail addresses, phone numbers, card numbers.
Before such text goes into a prompt for a hosted model, into logs or into an evaluation set,
replace it with placeholders. A redactor has two ways to fail: it leaks (misses personal
data) or it over-redacts (destroys order numbers, dates and prices the assistant needs).
Card numbers show how to keep both low: a real card number passes the Luhn checksum, most
random digit runs do not.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 13 to 19 digits, possibly in groups separated by single spaces or hyphens
CARD_CANDIDATE = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
# an optional +country code, an optional (area code), then 2 to 5 groups of 2 to 4 digits
# separated by single spaces, hyphens or dots
PHONE_CANDIDATE = re.compile(
    r"(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?"
    r"\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w-]|\.\d)"
)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a string of digits (other characters are ignored).

    From the rightmost digit leftwards, double every second digit (the second-to-last, the
    fourth-to-last, ...), subtract 9 from doubled values above 9, and sum everything: the
    number is valid when the sum is a multiple of 10. ``luhn_valid("4111 1111 1111 1111")``
    is True, ``luhn_valid("4111 1111 1111 1112")`` False. No digits at all: False.
    """
    ### BEGIN SOLUTION (task 8)
    numbers = [int(ch) for ch in digits if ch.isdigit()]
    if not numbers:
        return False
    total = 0
    for position, d in enumerate(reversed(numbers)):
        if position % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
    ### END SOLUTION


def redact_pii(text: str) -> str:
    """Replace e-mail addresses, card numbers and phone numbers; leave other numbers alone.

    In this order:

    1. E-mail addresses (``EMAIL``) become ``[EMAIL]``.
    2. Card numbers become ``[CARD]``: a ``CARD_CANDIDATE`` match (13 to 19 digits, written
       as one run or in groups separated by single spaces or hyphens) whose digits pass
       ``luhn_valid``. Candidates that fail the checksum stay as they are.
    3. Phone numbers become ``[PHONE]``: a ``PHONE_CANDIDATE`` match (an optional
       ``+country code``, an optional area code in parentheses, then groups of digits
       separated by spaces, hyphens or dots) with 10 to 12 digits in total. Shorter or longer
       matches stay as they are.

    So ``+49 30 5550 1234``, ``(555) 123-4567``, ``555.123.4567`` and ``020 7946 0958`` are
    phones, while dates (``2024-03-15``), prices (``1,299.00``), order numbers
    (``KH-2024-118345``, ``#88213``) and digit runs without separators are kept.
    """
    ### BEGIN SOLUTION (task 8)
    def card(match: re.Match) -> str:
        return "[CARD]" if luhn_valid(match.group()) else match.group()

    def phone(match: re.Match) -> str:
        digits = sum(ch.isdigit() for ch in match.group())
        return "[PHONE]" if 10 <= digits <= 12 else match.group()

    text = EMAIL.sub("[EMAIL]", text)
    text = CARD_CANDIDATE.sub(card, text)
    return PHONE_CANDIDATE.sub(phone, text)
    ### END SOLUTION
