"""encode_iterable that joins all the lines first: right ids, but it does not stream"""

MODULE = "bpe.py"

REPLACE = [
    (
        '        buffer = ""\n        for line in lines:\n            buffer += line\n            ids, buffer = self._encode_stable_prefix(buffer)\n            yield from ids\n        yield from self.encode(buffer)\n',
        '        yield from self.encode("".join(lines))\n',
    ),
]
