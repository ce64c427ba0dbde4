"""The grader notices a learner module that rebinds pytest's or the grader's functions."""

from __future__ import annotations

import shutil
import sys
import textwrap
import types

import pytest

from grader.core import integrity, topics
from grader.run import runner


@pytest.fixture
def fake_grader_module(monkeypatch):
    """A watched module (its name starts with 'grader') with a function and a class."""
    module = types.ModuleType("grader._integrity_probe")
    exec(
        textwrap.dedent("""
        def score(x):
            return x

        class Report:
            def total(self):
                return 0
    """),
        module.__dict__,
    )
    module.Report.__module__ = module.__name__
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


def test_an_untouched_runner_is_not_tampered(fake_grader_module):
    assert integrity.tampered(integrity.snapshot()) == []


def test_additions_are_ignored(fake_grader_module):
    before = integrity.snapshot()
    fake_grader_module.helper = lambda: None
    fake_grader_module.Report.extra = lambda self: 1
    assert integrity.tampered(before) == []


@pytest.mark.parametrize(
    "change, name",
    [
        (lambda m: setattr(m, "score", lambda x: 100), "grader._integrity_probe.score"),
        (lambda m: delattr(m, "score"), "grader._integrity_probe.score"),
        (
            lambda m: setattr(m.Report, "total", lambda self: 100),
            "grader._integrity_probe.Report.total",
        ),
        (lambda m: setattr(m, "Report", type("Report", (), {})), "grader._integrity_probe.Report"),
    ],
)
def test_a_rebound_or_deleted_name_is_reported(fake_grader_module, change, name):
    before = integrity.snapshot()
    change(fake_grader_module)
    assert name in integrity.tampered(before)


def test_a_replaced_module_is_reported(fake_grader_module, monkeypatch):
    before = integrity.snapshot()
    monkeypatch.setitem(sys.modules, fake_grader_module.__name__, types.ModuleType("impostor"))
    assert fake_grader_module.__name__ in integrity.tampered(before)


@pytest.mark.timeout(300)
def test_a_submission_that_patches_pytest_is_flagged_and_scores_nothing_extra(tmp_path):
    """The stubs with one line that makes every failing report a pass."""
    topic = "t7_trends"
    shutil.copytree(
        topics.exercises_dir() / topic,
        tmp_path / topic,
        ignore=shutil.ignore_patterns("test_*.py", "__pycache__"),
    )
    path = tmp_path / topic / "trends.py"
    path.write_text(
        path.read_text()
        + textwrap.dedent("""
        import _pytest.reports
        _original = _pytest.reports.TestReport.from_item_and_call
        def _always_passed(item, call):
            report = _original(item, call)
            report.outcome = "passed"
            return report
        _pytest.reports.TestReport.from_item_and_call = staticmethod(_always_passed)
    """)
    )
    outcome = runner.run_topic(topic, target=str(tmp_path))
    stubs = runner.run_topic(topic, target="exercises")
    assert "changed the test runner" in (outcome["error"] or "")
    earned = sum(c["points"] for c in outcome["checks"] if c["passed"])
    assert earned <= sum(c["points"] for c in stubs["checks"] if c["passed"])
