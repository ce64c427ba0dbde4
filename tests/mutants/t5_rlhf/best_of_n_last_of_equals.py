"""best-of-n with max over (score, index): the last of equals, and text comparisons"""

MODULE = "reward.py"


def best_of_n(generate_fn, score_fn, prompt, n):
    samples = [generate_fn(prompt) for _ in range(n)]
    return max(samples, key=lambda s: (score_fn(prompt, s), s))
