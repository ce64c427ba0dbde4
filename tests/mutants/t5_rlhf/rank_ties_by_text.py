"""ranking by (score, text) tuples: ties broken by the text, not the input order"""

MODULE = "reward.py"
MESSAGES = {
    "test_reward.py::test_rank_candidates_and_best_of_n": ("tie", "input order", "(score, text)")
}


def rank_candidates(score_fn, prompt, candidates):
    scored = sorted(((float(score_fn(prompt, c)), c) for c in candidates), reverse=True)
    return [(c, s) for s, c in scored]
