"""redact_pii that redacts every 13-19 digit run as a card, without the Luhn check"""

MODULE = "privacy.py"


def redact_pii(text):
    def phone(match):
        digits = sum(ch.isdigit() for ch in match.group())
        return "[PHONE]" if 10 <= digits <= 12 else match.group()

    text = EMAIL.sub("[EMAIL]", text)
    text = CARD_CANDIDATE.sub("[CARD]", text)
    return PHONE_CANDIDATE.sub(phone, text)
