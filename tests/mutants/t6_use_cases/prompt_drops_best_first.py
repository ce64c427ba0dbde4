"""build_prompt that drops the best (first) passages when over budget"""

MODULE = "prompting.py"


def build_prompt(question, passages, max_chars):
    for start in range(len(passages) + 1):
        prompt = render_prompt(question, passages[start:])
        if len(prompt) <= max_chars:
            return prompt
    return render_prompt(question, [])
