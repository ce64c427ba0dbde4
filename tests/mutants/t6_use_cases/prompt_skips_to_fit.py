"""build_prompt that skips a passage that does not fit and tries the next, smaller one"""

MODULE = "prompting.py"


def build_prompt(question, passages, max_chars):
    kept = []
    for p in passages:
        if len(render_prompt(question, kept + [p])) <= max_chars:
            kept.append(p)
    return render_prompt(question, kept)
