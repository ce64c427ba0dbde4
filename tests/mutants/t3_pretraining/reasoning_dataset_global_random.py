"""addition_dataset seeds and draws from the global random module"""

MODULE = "reasoning.py"

REPLACE = [
    (
        "a = rng.randint(lo, hi)\n        b = rng.randint(lo, hi)\n",
        "a = random.randint(lo, hi)\n        b = random.randint(lo, hi)\n",
    ),
]
