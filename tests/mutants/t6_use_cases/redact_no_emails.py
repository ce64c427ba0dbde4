"""redact_pii that forgets e-mail addresses"""

MODULE = "privacy.py"

REPLACE = [
    ("def card(match: re.Match) -> str:", "def card(match):"),
    ("def phone(match: re.Match) -> str:", "def phone(match):"),
    (
        '    text = EMAIL.sub("[EMAIL]", text)\n',
        "",
    ),
]
