"""Hidden checks for privacy.py: Luhn on many numbers, a realistic support ticket."""

import random

import pytest

from grader.core import feedback, target

privacy = target.module("t6_use_cases.privacy")


def _luhn_check_digit(body: str) -> str:
    """The digit that makes body + digit Luhn-valid (independent formula)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these get doubled once the check digit is appended
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


@pytest.mark.points(2)
def test_luhn_on_random_numbers():
    """luhn_valid is right on 300 random numbers of 13 to 19 digits, valid and invalid"""
    rng = random.Random(61)
    for _ in range(150):
        length = rng.randint(13, 19)
        body = "".join(rng.choice("0123456789") for _ in range(length - 1))
        good = body + _luhn_check_digit(body)
        bad = body + str((int(_luhn_check_digit(body)) + rng.randint(1, 9)) % 10)
        feedback.expect_equal(
            privacy.luhn_valid(good),
            True,
            f"luhn_valid({good!r}) ({length} digits)",
            hint="double every second digit from the RIGHT, starting with the "
            "second-to-last; for odd lengths this differs from the left",
        )
        feedback.expect_equal(privacy.luhn_valid(bad), False, f"luhn_valid({bad!r})")


TICKET = """From: Jane Doe <jane.doe@mail.example>
Order KH-2024-118345 (placed 2024-03-15, 15.03.2024) for 1,299.00 EUR arrived damaged.
Call me on +44 20 7946 0958 or 555.123.4567, office (030) 5550-1234.
I paid with 5500 0000 0000 0004 and my Amex 378282246310005; the old card 4000-1234-5678-9011
was declined. Customer ID 123456789012345678 (not a card). Ticket #88213, version 2.0.1.
Copy to: billing-team@kestrelhome.example, ref 20240315-4471.
"""

EXPECTED = """From: Jane Doe <[EMAIL]>
Order KH-2024-118345 (placed 2024-03-15, 15.03.2024) for 1,299.00 EUR arrived damaged.
Call me on [PHONE] or [PHONE], office [PHONE].
I paid with [CARD] and my Amex [CARD]; the old card 4000-1234-5678-9011
was declined. Customer ID 123456789012345678 (not a card). Ticket #88213, version 2.0.1.
Copy to: [EMAIL], ref 20240315-4471.
"""


@pytest.mark.points(2)
def test_redact_a_support_ticket():
    """a realistic ticket: personal data redacted, order numbers, dates, prices and invalid numbers kept"""
    got = privacy.redact_pii(TICKET)
    if got != EXPECTED:
        for n, (g, e) in enumerate(zip(got.splitlines(), EXPECTED.splitlines()), start=1):
            if g != e:
                feedback.fail(
                    f"redact_pii of a support ticket, line {n}",
                    e,
                    g,
                    "e-mails first, then CARD_CANDIDATE matches that pass luhn_valid, "
                    "then PHONE_CANDIDATE matches with 10 to 12 digits; anything else "
                    "stays as it is",
                )
        feedback.fail("redact_pii of a support ticket", EXPECTED, got)


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "text, expected",
    [
        ("4111111111111111", "[CARD]"),
        ("4111-1111-1111-1111.", "[CARD]."),
        ("6011 0009 9013 9424", "[CARD]"),
        ("4222222222222", "[CARD]"),
        ("1234 5678 9012 3456", "1234 5678 9012 3456"),
        ("0000 0000 0000 0001", "0000 0000 0000 0001"),
        ("+1 (555) 123-4567", "[PHONE]"),
        ("555-123-4567", "[PHONE]"),
        ("call 555 1234", "call 555 1234"),
        ("on 2024.03.15 at 14:00", "on 2024.03.15 at 14:00"),
        ("49.99 EUR", "49.99 EUR"),
    ],
)
def test_redact_cases(text, expected):
    """single cases: card formats, phone formats, numbers that must stay"""
    feedback.expect_equal(
        privacy.redact_pii(text),
        expected,
        f"redact_pii({text!r})",
        hint="cards need 13-19 digits AND a valid Luhn checksum; phones need 10-12 digits",
    )
