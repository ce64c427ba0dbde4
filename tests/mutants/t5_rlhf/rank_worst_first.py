"""ranking sorted ascending: worst first"""

MODULE = "reward.py"


def rank_candidates(score_fn, prompt, candidates):
    scored = [(c, float(score_fn(prompt, c))) for c in candidates]
    return sorted(scored, key=lambda pair: pair[1])
