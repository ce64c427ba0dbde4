"""build_prompt that spends max_chars on the passages alone (the whole prompt goes over budget)"""

MODULE = "prompting.py"


def build_prompt(question, passages, max_chars):
    kept, used = [], 0
    for p in passages:
        if used + len(p) > max_chars:
            break
        kept.append(p)
        used += len(p)
    return render_prompt(question, kept)
