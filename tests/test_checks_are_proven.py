"""Every topic's checks pass on the reference, fail on untouched stubs, catch mutants, and
give full marks to correct variants written in another style."""

from __future__ import annotations

import fnmatch
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from grader.build import authoring
from grader.core import topics
from grader.run import runner

TOPICS = topics.available_topics()
MUTANTS = [(t, m) for t in TOPICS for m in authoring.mutants(t)]
VARIANTS = [(t, v) for t in TOPICS for v in authoring.variants(t)]


def _failures(outcome) -> list[str]:
    return [f"{c['id']}: {c['message']}" for c in outcome["checks"] if not c["passed"]]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("topic", TOPICS)
def test_every_check_passes_on_the_solutions(topic):
    outcome = runner.run_topic(topic, target="solutions")
    assert outcome["error"] is None, outcome["error"] + "\n" + outcome["log"][-3000:]
    assert outcome["checks"], f"{topic} has no checks"
    assert not _failures(outcome), "\n".join(_failures(outcome))
    log = outcome["log"]
    assert "warnings summary" not in log, (
        "a library warning in a check is a defect:\n" + log[log.find("warnings summary") :][:3000]
    )


@pytest.mark.timeout(600)
@pytest.mark.parametrize("topic", TOPICS)
def test_every_check_fails_on_untouched_stubs(topic, stub_target):
    outcome = runner.run_topic(topic, target=str(stub_target))
    assert outcome["error"] is None, outcome["error"]
    passing = [c["id"] for c in outcome["checks"] if c["passed"]]
    assert not passing, f"these checks pass on an empty stub, so they prove nothing: {passing}"
    assert all(c["message"].startswith("not implemented yet") for c in outcome["checks"]), (
        "a stub's checks should fail on the NotImplementedError, not on something else"
    )


@pytest.fixture(scope="session")
def mutant_outcomes(request, tmp_path_factory):
    """The selected mutants' check runs, side by side (each in its own child process)."""
    selected = [
        tuple(item.callspec.params[k] for k in ("topic", "mutant"))
        for item in request.session.items
        if item.originalname == "test_each_mutant_is_caught"
    ]

    def run(item):
        topic, mutant = item
        folder = tmp_path_factory.mktemp(mutant.stem)
        authoring.apply_mutant(mutant, topic, folder)
        # a mutant whose messages are asserted runs every check; the others stop at the first
        extra = () if authoring.mutant_messages(mutant) else ("-x",)
        return runner.run_topic(topic, target=str(folder), extra=extra)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(selected, pool.map(run, selected)))


@pytest.mark.timeout(3600)  # its first call runs every selected mutant (the fixture)
@pytest.mark.parametrize("topic,mutant", MUTANTS, ids=[f"{t}/{m.stem}" for t, m in MUTANTS])
def test_each_mutant_is_caught(topic, mutant, mutant_outcomes):
    _, mistake = authoring.mutant_info(mutant)
    outcome = mutant_outcomes[(topic, mutant)]
    assert outcome["error"] is None, outcome["error"]
    failures = _failures(outcome)
    assert failures, f"no check catches the mistake: {mistake}"
    assert not any("could not import" in f for f in failures), (
        f"the mutant does not import: {failures[0]}"
    )
    for pattern, texts in authoring.mutant_messages(mutant).items():
        matched = [
            c
            for c in outcome["checks"]
            if not c["passed"] and fnmatch.fnmatchcase(c["id"], pattern)
        ]
        assert matched, (
            f"no failing check matches {pattern!r} ({mistake}); failures:\n" + "\n".join(failures)
        )
        for c in matched:
            said = c["message"].lower()
            missing = [t for t in texts if not t.startswith("!") and t.lower() not in said]
            wrong = [t[1:] for t in texts if t.startswith("!") and t[1:].lower() in said]
            assert not missing and not wrong, (
                f"{c['id']}: the learner reads\n  {c['message']}\n"
                + (f"which lacks {missing}" if missing else f"which should not say {wrong}")
            )


@pytest.mark.timeout(600)
@pytest.mark.parametrize("topic,variant", VARIANTS, ids=[f"{t}/{v.stem}" for t, v in VARIANTS])
def test_each_correct_variant_scores_full_marks(topic, variant, tmp_path):
    """Another correct way to write a task (tests/variants) must not lose a point."""
    authoring.apply_mutant(variant, topic, tmp_path)
    outcome = runner.run_topic(topic, target=str(tmp_path))
    assert outcome["error"] is None, outcome["error"]
    _, style = authoring.mutant_info(variant)
    assert not _failures(outcome), f"a correct variant ({style}) loses points:\n" + "\n".join(
        _failures(outcome)
    )
