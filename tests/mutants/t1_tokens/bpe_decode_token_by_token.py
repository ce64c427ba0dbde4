"""decode that decodes each token on its own: characters split across tokens break"""
from collections.abc import Iterable

MODULE = "bpe.py"


class Tokenizer:
    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``: join the tokens' bytes, then decode them as UTF-8.

        Bytes that are not valid UTF-8 (e.g. half of a multi-byte character) become the
        replacement character U+FFFD instead of raising.
        """
        return "".join(self.vocab[i].decode("utf-8", errors="replace") for i in ids)
