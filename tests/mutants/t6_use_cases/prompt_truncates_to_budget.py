"""build_prompt that cuts the rendered prompt at max_chars (the question gets lost)"""

MODULE = "prompting.py"


def build_prompt(question, passages, max_chars):
    return render_prompt(question, passages)[:max_chars]
