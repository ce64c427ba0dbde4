"""addition_dataset ignores the seed (a fresh unseeded generator)"""

MODULE = "reasoning.py"


def addition_dataset(digits, n, seed):
    rng = random.Random()
    lo = 0 if digits == 1 else 10 ** (digits - 1)
    problems = []
    for _ in range(n):
        a, b = rng.randint(lo, 10**digits - 1), rng.randint(lo, 10**digits - 1)
        problems.append(f"{a}+{b}={a + b}\n")
    return problems
