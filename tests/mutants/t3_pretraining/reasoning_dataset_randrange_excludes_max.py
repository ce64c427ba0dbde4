"""addition_dataset draws with randrange(lo, hi): the largest operand never comes"""

MODULE = "reasoning.py"

REPLACE = [
    (
        "a = rng.randint(lo, hi)\n        b = rng.randint(lo, hi)\n",
        "a = rng.randrange(lo, hi)\n        b = rng.randrange(lo, hi)\n",
    ),
]
