"""encode_iterable that encodes each line on its own: look-ahead across lines is lost"""

MODULE = "bpe.py"

REPLACE = [
    (
        '        ### BEGIN SOLUTION (task 3)\n        buffer = ""\n',
        "",
    ),
    (
        "buffer += line\n"
        "            ids, buffer = self._encode_stable_prefix(buffer)\n"
        "            yield from ids\n"
        "        yield from self.encode(buffer)",
        "yield from self.encode(line)",
    ),
]
