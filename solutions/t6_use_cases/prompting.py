"""Grounded prompts: put the retrieved passages, numbered, in front of the question.

A support assistant should answer from the company's documents, not from whatever the model
remembers, and say where each claim comes from. The prompt therefore lists the retrieved
passages as numbered sources, asks the model to cite them and to admit when they do not
contain the answer. A model's context is limited (and every token costs money), so the
prompt has a budget: when it does not fit, the least relevant passages go first.
"""

from __future__ import annotations

INSTRUCTIONS = (
    "You are a customer-service assistant for Kestrel Home. Answer the question using only "
    "the numbered sources below, and cite the sources you use like [1]. If the sources do "
    "not contain the answer, say that you do not know."
)


def render_prompt(question: str, passages: list[str]) -> str:
    """The prompt text for ``question`` with all of ``passages``, numbered from 1.

    Exactly these lines, joined by newlines (``...`` stands for the values)::

        INSTRUCTIONS
        <empty line>
        Sources:
        [1] <passages[0]>
        [2] <passages[1]>
        ...
        <empty line>
        Question: <question>
        Answer:

    With no passages the sources block is the single line ``(no sources)``. The passages
    and the question are inserted unchanged.
    """
    ### BEGIN SOLUTION (task 3)
    sources = [f"[{n}] {p}" for n, p in enumerate(passages, start=1)] or ["(no sources)"]
    lines = [INSTRUCTIONS, "", "Sources:", *sources, "", f"Question: {question}", "Answer:"]
    return "\n".join(lines)
    ### END SOLUTION


def build_prompt(question: str, passages: list[str], max_chars: int) -> str:
    """``render_prompt`` with as many of the best passages as fit in ``max_chars`` characters.

    ``passages`` come best first (as ``BM25Index.search`` ranks them). Keep the longest
    prefix ``passages[:m]`` whose prompt ``render_prompt(question, passages[:m])`` has at most
    ``max_chars`` characters: the lowest-ranked passages are dropped first, and a passage is
    never skipped to make room for a lower-ranked one. Passages are never cut in the middle.

    The question is always kept, whole: if even the prompt without any passage is longer
    than ``max_chars``, return ``render_prompt(question, [])`` anyway.
    """
    ### BEGIN SOLUTION (task 3)
    kept = 0
    while kept < len(passages) and len(render_prompt(question, passages[:kept + 1])) <= max_chars:
        kept += 1
    return render_prompt(question, passages[:kept])
    ### END SOLUTION
