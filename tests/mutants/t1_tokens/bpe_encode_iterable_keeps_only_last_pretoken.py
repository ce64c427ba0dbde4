"""encode_iterable that holds back only the last pre-token and ignores special tokens"""
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
        buffer = ""
        for line in lines:
            buffer += line
            pretokens = PRETOKENIZER.findall(buffer)
            for pretoken in pretokens[:-1]:
                yield from self.encode(pretoken)
            buffer = pretokens[-1] if pretokens else ""
        yield from self.encode(buffer)
