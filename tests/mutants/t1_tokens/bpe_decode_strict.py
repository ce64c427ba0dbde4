"""decode with errors='strict': invalid UTF-8 raises instead of giving U+FFFD"""
from collections.abc import Iterable

MODULE = "bpe.py"


class Tokenizer:
    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``: join the tokens' bytes, then decode them as UTF-8.

        Bytes that are not valid UTF-8 (e.g. half of a multi-byte character) become the
        replacement character U+FFFD instead of raising.
        """
        return b"".join(self.vocab[i] for i in ids).decode("utf-8")
