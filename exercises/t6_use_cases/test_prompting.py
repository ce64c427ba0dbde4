"""Visible tests for prompting.py: render_prompt and build_prompt (task 3)."""

import pytest

from grader.core import feedback, target

prompting = target.module("t6_use_cases.prompting")

QUESTION = "How long is the warranty?"
PASSAGES = [
    "All Kestrel Home devices come with a two-year limited warranty.",
    "Kestrel Care+ extends the warranty to four years.",
    "Devices out of warranty can be repaired for a flat fee of 39 euros plus parts.",
]


@pytest.mark.points(1)
def test_render_prompt_format():
    """render_prompt lists the passages as numbered sources before the question"""
    expected = (
        prompting.INSTRUCTIONS + "\n\nSources:\n"
        "[1] All Kestrel Home devices come with a two-year limited warranty.\n"
        "[2] Kestrel Care+ extends the warranty to four years.\n"
        "\nQuestion: How long is the warranty?\nAnswer:"
    )
    feedback.expect_equal(prompting.render_prompt(QUESTION, PASSAGES[:2]), expected,
                          "render_prompt(question, two passages)",
                          hint="join the lines with '\\n'; number the sources [1], [2], ...")
    feedback.expect_equal(
        prompting.render_prompt(QUESTION, []),
        prompting.INSTRUCTIONS + "\n\nSources:\n(no sources)\n\nQuestion: " + QUESTION
        + "\nAnswer:",
        "render_prompt(question, []) without passages",
        hint="with no passages the sources block is the single line '(no sources)'",
    )


@pytest.mark.points(1)
def test_build_prompt_keeps_everything_that_fits():
    """build_prompt with a generous budget keeps every passage"""
    feedback.expect_equal(prompting.build_prompt(QUESTION, PASSAGES, 10_000),
                          prompting.render_prompt(QUESTION, PASSAGES),
                          "build_prompt(question, 3 passages, max_chars=10000)")


@pytest.mark.points(2)
def test_build_prompt_drops_the_lowest_ranked_passages():
    """build_prompt drops passages from the end until the prompt fits max_chars"""
    two = len(prompting.render_prompt(QUESTION, PASSAGES[:2]))
    got = prompting.build_prompt(QUESTION, PASSAGES, two + 10)
    feedback.expect(len(got) <= two + 10, f"len(build_prompt(..., max_chars={two + 10}))",
                    hint="measure the whole rendered prompt, not only the passages",
                    expected=f"<= {two + 10}", got=len(got))
    feedback.expect_equal(got, prompting.render_prompt(QUESTION, PASSAGES[:2]),
                          f"build_prompt with max_chars={two + 10}: room for the best two",
                          hint="drop the LAST (lowest-ranked) passages first and keep as many "
                               "of the best ones as fit")


@pytest.mark.points(1)
def test_build_prompt_always_keeps_the_question():
    """with a tiny budget the prompt still holds the whole question"""
    got = prompting.build_prompt(QUESTION, PASSAGES, 20)
    feedback.expect_equal(got, prompting.render_prompt(QUESTION, []),
                          "build_prompt(question, passages, max_chars=20)",
                          hint="never cut the question: when nothing fits, return the prompt "
                               "without passages even though it is longer than max_chars")
