"""addition_dataset draws with randrange(lo, hi): the largest operand never comes"""

MODULE = "reasoning.py"

MESSAGES = {"*test_addition_dataset_covers_the_whole_range*": ("randint",)}


def addition_dataset(digits, n, seed):
    rng = random.Random(seed)
    lo = 0 if digits == 1 else 10 ** (digits - 1)
    problems = []
    for _ in range(n):
        a = rng.randrange(lo, 10**digits - 1)
        b = rng.randrange(lo, 10**digits - 1)
        problems.append(f"{a}+{b}={a + b}\n")
    return problems
