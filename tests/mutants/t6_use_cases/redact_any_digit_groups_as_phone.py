"""redact_pii that treats every PHONE_CANDIDATE match as a phone (dates and short numbers too)"""

MODULE = "privacy.py"


def redact_pii(text):
    def card(match):
        return "[CARD]" if luhn_valid(match.group()) else match.group()

    text = EMAIL.sub("[EMAIL]", text)
    text = CARD_CANDIDATE.sub(card, text)
    return PHONE_CANDIDATE.sub("[PHONE]", text)
