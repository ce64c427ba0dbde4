"""render_prompt that strips and re-wraps the passages"""

MODULE = "prompting.py"


def render_prompt(question, passages):
    sources = [f"[{n}] {' '.join(p.split())}" for n, p in enumerate(passages, start=1)] or [
        "(no sources)"
    ]
    return "\n".join(
        [INSTRUCTIONS, "", "Sources:", *sources, "", f"Question: {question}", "Answer:"]
    )
