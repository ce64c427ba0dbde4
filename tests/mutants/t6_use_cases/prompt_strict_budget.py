"""build_prompt that needs the prompt strictly shorter than max_chars (an exact fit is dropped)"""

MODULE = "prompting.py"


def build_prompt(question, passages, max_chars):
    kept = 0
    while kept < len(passages) and len(render_prompt(question, passages[: kept + 1])) < max_chars:
        kept += 1
    return render_prompt(question, passages[:kept])
