"""distinct-n with tokens from split(" "): tabs, newlines and double spaces make odd tokens"""

MODULE = "diversity.py"

REPLACE = [
    ("sample.split()\n", 'sample.split(" ")\n'),
]
