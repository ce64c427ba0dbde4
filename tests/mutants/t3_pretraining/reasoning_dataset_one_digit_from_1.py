"""addition_dataset's one-digit operands start at 1 (0 never comes)"""

MODULE = "reasoning.py"


def addition_dataset(digits, n, seed):
    rng = random.Random(seed)
    lo = 10 ** (digits - 1)
    problems = []
    for _ in range(n):
        a = rng.randint(lo, 10**digits - 1)
        b = rng.randint(lo, 10**digits - 1)
        problems.append(f"{a}+{b}={a + b}\n")
    return problems
