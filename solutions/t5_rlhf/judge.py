"""Given: a rule-based judge of support-desk replies, the yardstick of this topic.

The reward model learns what raters prefer from examples; the judge *states* it, as rules,
so that any reply (a sample from a model included) can be scored without asking a human:

- **tone**: +1 if the reply has a polite phrase and no rude one, -1 if it has a rude phrase;
- **content**: +1 if it states the true fact of the question and nothing false, -1 if it states
  a wrong fact (an invented one, or the answer to another question), 0 otherwise (a
  deflection, or nothing useful);
- **length**: -1 if it rambles (more than ``MAX_WORDS`` words).

``judge(prompt, reply)`` is the sum, from -3 to 2. The raters of data/ preferred the reply with
the higher judge score (ties: the longer reply, see data/t5_make_data.py).
"""

from __future__ import annotations

from functools import lru_cache

from .data import load_questions, question_of

POLITE = ("thank", "happy to help", "good question", "glad you asked", "hope this helps", "nice day")
RUDE = ("ugh", "obviously", "read the manual", "not my problem", "seriously", "stop asking",
        "figure it out", "whatever")
MAX_WORDS = 18


@lru_cache(maxsize=1)
def _index() -> tuple[dict, tuple[str, ...]]:
    by_phrasing, all_keys = {}, []
    for q in load_questions():
        for phrasing in q["phrasings"]:
            by_phrasing[phrasing.lower()] = q
        all_keys += [q["key"]] + q["invented_keys"]
    return by_phrasing, tuple(k.lower() for k in all_keys)


def judge_parts(prompt: str, reply: str) -> dict[str, int]:
    """The judge's three components for ``reply`` to ``prompt`` (formatted or plain)."""
    text = reply.lower()
    polite = any(p in text for p in POLITE)
    rude = any(p in text for p in RUDE)
    tone = -1 if rude else (1 if polite else 0)

    by_phrasing, all_keys = _index()
    question = by_phrasing.get(question_of(prompt).lower())
    content = 0
    if question is not None:
        true_key = question["key"].lower()
        wrong = any(k in text for k in all_keys if k != true_key and k not in true_key)
        if wrong:
            content = -1
        elif true_key in text:
            content = 1
    length = -1 if len(reply.split()) > MAX_WORDS else 0
    return {"tone": tone, "content": content, "length": length}


def judge(prompt: str, reply: str) -> float:
    """The judge's score of ``reply``: tone + content + length, from -3 to 2."""
    return float(sum(judge_parts(prompt, reply).values()))
