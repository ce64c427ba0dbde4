"""addition_dataset pads the sum with zeros to digits + 1"""

MODULE = "reasoning.py"


def addition_dataset(digits, n, seed):
    rng = random.Random(seed)
    lo = 0 if digits == 1 else 10 ** (digits - 1)
    problems = []
    for _ in range(n):
        a = rng.randint(lo, 10**digits - 1)
        b = rng.randint(lo, 10**digits - 1)
        problems.append(f"{a}+{b}={a + b:0{digits + 1}d}\n")
    return problems
