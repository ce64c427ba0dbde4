"""addition_dataset ignores the seed (a fresh unseeded generator)"""

MODULE = "reasoning.py"

REPLACE = [
    ("rng = random.Random(seed)\n", "rng = random.Random()\n"),
]
