"""redact_pii that forgets e-mail addresses"""
MODULE = "privacy.py"


def redact_pii(text):
    def card(match):
        return "[CARD]" if luhn_valid(match.group()) else match.group()

    def phone(match):
        digits = sum(ch.isdigit() for ch in match.group())
        return "[PHONE]" if 10 <= digits <= 12 else match.group()

    text = CARD_CANDIDATE.sub(card, text)
    return PHONE_CANDIDATE.sub(phone, text)
