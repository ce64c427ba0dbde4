"""decode that decodes each token on its own: characters split across tokens break"""

from collections.abc import Iterable

MODULE = "bpe.py"

REPLACE = [
    (
        'return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")',
        'return "".join(self.vocab[i].decode("utf-8", errors="replace") for i in ids)',
    ),
]
