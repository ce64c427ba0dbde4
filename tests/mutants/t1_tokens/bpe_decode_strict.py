"""decode with errors='strict': invalid UTF-8 raises instead of giving U+FFFD"""

from collections.abc import Iterable

MODULE = "bpe.py"

REPLACE = [
    (
        'return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")',
        'return b"".join(self.vocab[i] for i in ids).decode("utf-8")',
    ),
]
