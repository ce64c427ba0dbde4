"""encode_iterable that holds back only the last pre-token and ignores special tokens"""

MODULE = "bpe.py"

REPLACE = [
    (
        "ids, buffer = self._encode_stable_prefix(buffer)\n            yield from ids",
        "pretokens = PRETOKENIZER.findall(buffer)\n"
        "            for pretoken in pretokens[:-1]:\n"
        "                yield from self.encode(pretoken)\n"
        '            buffer = pretokens[-1] if pretokens else ""',
    ),
]
