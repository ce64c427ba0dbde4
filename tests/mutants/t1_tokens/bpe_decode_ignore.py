"""decode with errors='ignore': invalid UTF-8 disappears instead of becoming U+FFFD"""

from collections.abc import Iterable

MODULE = "bpe.py"

REPLACE = [
    (
        'return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")',
        'return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="ignore")',
    ),
]
