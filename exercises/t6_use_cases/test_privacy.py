"""Visible tests for privacy.py: luhn_valid and redact_pii (task 8)."""

import pytest

from grader.core import feedback, target

privacy = target.module("t6_use_cases.privacy")


@pytest.mark.points(1)
def test_luhn_examples():
    """luhn_valid accepts real test card numbers and rejects a changed digit"""
    for number, valid in [("4111 1111 1111 1111", True), ("4111 1111 1111 1112", False),
                          ("5500-0000-0000-0004", True), ("378282246310005", True),
                          ("378282246310006", False), ("", False)]:
        feedback.expect_equal(privacy.luhn_valid(number), valid, f"luhn_valid({number!r})",
                              hint="double every second digit counting from the RIGHT "
                                   "(the last digit is not doubled)")


@pytest.mark.points(1)
def test_redact_emails_and_phones():
    """e-mail addresses and phone numbers become [EMAIL] and [PHONE]"""
    text = ("Write to jane.doe+kh@mail.example.com or call +49 30 5550 1234, "
            "(555) 123-4567 or 020 7946 0958.")
    feedback.expect_equal(
        privacy.redact_pii(text),
        "Write to [EMAIL] or call [PHONE], [PHONE] or [PHONE].",
        "redact_pii of a text with an e-mail address and three phone numbers",
        hint="use the given EMAIL and PHONE_CANDIDATE patterns; a phone has 10 to 12 digits",
    )


@pytest.mark.points(1)
def test_redact_cards_only_when_luhn_valid():
    """Luhn-valid card numbers become [CARD]; Luhn-invalid digit runs stay"""
    text = "Paid with 4111 1111 1111 1111, not 4111 1111 1111 1112."
    feedback.expect_equal(privacy.redact_pii(text), "Paid with [CARD], not 4111 1111 1111 1112.",
                          "redact_pii of a valid and an invalid 16-digit number",
                          hint="redact a CARD_CANDIDATE only when luhn_valid(match) is True")


@pytest.mark.points(1)
def test_redact_keeps_ordinary_numbers():
    """order numbers, dates and prices are not personal data: they stay"""
    text = "Order KH-2024-118345 of 2024-03-15 (#88213) cost 1,299.00 euros; refund in 10 days."
    feedback.expect_equal(privacy.redact_pii(text), text,
                          "redact_pii of a text with an order number, a date and a price",
                          hint="a phone needs 10 to 12 digits; a date has 8")
