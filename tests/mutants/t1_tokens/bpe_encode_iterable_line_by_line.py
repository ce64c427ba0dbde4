"""encode_iterable that encodes each line on its own: look-ahead across lines is lost"""
MODULE = "bpe.py"


class Tokenizer:
    def encode_iterable(self, lines: Iterable[str]) -> Iterator[int]:
        """Yield the ids of ``"".join(lines)`` lazily, holding only a few lines in memory.

        The ids must equal ``encode("".join(lines))``: read a file line by line without
        loading it. Careful: encoding each line on its own is NOT the same. The pre-tokenizer
        looks ahead, e.g. ``"hour  \\n"`` alone ends in the pre-token ``"  \\n"`` but in
        ``"hour  \\nDraws"`` it is ``"  "`` then ``"\\n"``; and a special token may still be
        growing at the end of what you have read. Only encode text whose pre-tokens cannot
        change whatever comes next (keep the rest for the next round), and encode the
        remainder when the lines run out.
        """
        for line in lines:
            yield from self.encode(line)
