"""best-of-n that returns the lowest-scoring sample (min instead of max)"""

MODULE = "reward.py"


def best_of_n(generate_fn, score_fn, prompt, n):
    samples = [generate_fn(prompt) for _ in range(n)]
    return min(samples, key=lambda s: score_fn(prompt, s))
