"""addition_dataset seeds and draws from the global random module"""

MODULE = "reasoning.py"


def addition_dataset(digits, n, seed):
    lo = 0 if digits == 1 else 10 ** (digits - 1)
    problems = []
    for _ in range(n):
        a, b = random.randint(lo, 10**digits - 1), random.randint(lo, 10**digits - 1)
        problems.append(f"{a}+{b}={a + b}\n")
    return problems
