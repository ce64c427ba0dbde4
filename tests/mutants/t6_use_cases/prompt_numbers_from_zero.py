"""render_prompt that numbers the sources from [0]"""

MODULE = "prompting.py"


def render_prompt(question, passages):
    sources = [f"[{n}] {p}" for n, p in enumerate(passages)] or ["(no sources)"]
    return "\n".join(
        [INSTRUCTIONS, "", "Sources:", *sources, "", f"Question: {question}", "Answer:"]
    )
