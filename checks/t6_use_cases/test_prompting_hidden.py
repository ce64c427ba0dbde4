"""Hidden checks for prompting.py: the budget, the order of dropping, the question kept whole."""

import pytest

from grader.core import feedback, target

prompting = target.module("t6_use_cases.prompting")
ref = target.oracle("t6_use_cases.prompting")

QUESTION = "Can I return an opened lamp?  (ordered on 2024-05-02)"
PASSAGES = [
    "You can return any Kestrel Home product within 30 days of delivery, even if opened.",
    "Return shipping is free: print the prepaid label from your order page. " * 3,
    "Refunds reach the original payment method within 10 business days.",
    "  Lamp tip:\nswitch it off and on five times to reset.  ",
]


@pytest.mark.points(1)
def test_render_prompt_keeps_text_unchanged():
    """render_prompt inserts passages and question unchanged, numbered in the given order"""
    feedback.expect_equal(
        prompting.render_prompt(QUESTION, PASSAGES),
        ref.render_prompt(QUESTION, PASSAGES),
        "render_prompt with four passages (one has leading spaces and a newline)",
        hint="do not strip or rewrap passages; number them [1]..[4] in order",
    )


@pytest.mark.points(2)
def test_build_prompt_keeps_the_longest_prefix_that_fits():
    """for every budget, build_prompt keeps the longest prefix of passages that fits"""
    lengths = [len(ref.render_prompt(QUESTION, PASSAGES[:m])) for m in range(len(PASSAGES) + 1)]
    budgets = sorted({b for L in lengths for b in (L - 1, L, L + 1)} | {lengths[-1] + 500})
    for max_chars in budgets:
        m = max([0] + [m for m, L in enumerate(lengths) if L <= max_chars])
        got = prompting.build_prompt(QUESTION, PASSAGES, max_chars)
        if got != ref.render_prompt(QUESTION, PASSAGES[:m]):
            kept = [n for n in range(1, len(PASSAGES) + 1) if f"[{n}] " in got]
            feedback.fail(
                f"build_prompt with max_chars={max_chars} (prompt lengths for 0..4 passages: "
                f"{lengths})",
                f"the best {m} passage(s), {lengths[m]} characters",
                f"{len(got)} characters, sources {kept}",
                "keep passages[:m] for the largest m whose whole prompt has <= max_chars "
                "characters (a prompt of exactly max_chars fits)",
            )


@pytest.mark.points(2)
def test_build_prompt_never_skips_a_better_passage():
    """a long high-ranked passage is not skipped to fit a short lower-ranked one"""
    passages = ["short best passage", "a very long second passage " * 20, "tiny"]
    max_chars = len(ref.render_prompt("Q?", passages[:1])) + 20
    got = prompting.build_prompt("Q?", passages, max_chars)
    feedback.expect_equal(
        got,
        ref.render_prompt("Q?", passages[:1]),
        "build_prompt when passage 2 does not fit but passage 3 would",
        hint="stop at the first passage that does not fit: dropping the "
        "lowest-ranked first means never keeping [3] without [2]",
    )


@pytest.mark.points(1)
def test_build_prompt_question_survives_any_budget():
    """the whole question is in the prompt even when max_chars is too small for it"""
    long_question = "My thermostat shows error H7 after I moved it; " * 8 + "what now?"
    for max_chars in (0, 50, len(long_question)):
        got = prompting.build_prompt(long_question, PASSAGES, max_chars)
        feedback.expect(
            f"Question: {long_question}\nAnswer:" in got,
            f"build_prompt with max_chars={max_chars}: the question must be kept whole",
            hint="never truncate the prompt to max_chars; drop passages instead, "
            "and return the prompt without passages when nothing fits",
            expected="the full question",
            got=got[-80:],
        )
        feedback.expect_equal(
            got, ref.render_prompt(long_question, []), f"build_prompt with max_chars={max_chars}"
        )
