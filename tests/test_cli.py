"""The learner CLI end to end: check (JSON), status, hint, topic names."""

from __future__ import annotations

import json
import shutil

import pytest

from grader import cli
from grader.core import records, topics

FIRST = topics.available_topics()[0]


@pytest.fixture(scope="module")
def solutions_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("json") / "report.json"
    code = cli.main(["check", "1", "--target", "solutions", "--json", str(out)])
    return code, json.loads(out.read_text())


@pytest.mark.timeout(300)
def test_check_on_solutions_is_full_marks(solutions_report):
    code, report = solutions_report
    assert code == 0
    assert report["score"] == report["max_score"] > 0
    topic = report["topics"][FIRST]
    assert topic["score"] == topic["max_score"]
    records.validate("check_report", report)  # the documented shape, nothing more or less
    assert any(c["hidden"] for c in topic["checks"]) and any(
        not c["hidden"] for c in topic["checks"]
    )


@pytest.mark.timeout(300)
def test_check_on_stubs_is_zero_with_readable_reasons(stub_target, tmp_path):
    out = tmp_path / "report.json"
    assert cli.main(["check", "1", "--target", str(stub_target), "--json", str(out)]) == 1
    report = json.loads(out.read_text())
    assert report["score"] == 0 and report["max_score"] > 0
    for check in report["topics"][FIRST]["checks"]:
        assert "README" in check["message"] and "task" in check["message"], check


@pytest.mark.timeout(300)
def test_a_copied_submission_folder_is_a_target(tmp_path, solutions_report):
    """A clone of the repo (with exercises/ inside) filled with working code scores fully."""
    shutil.copytree(topics.solutions_dir() / FIRST, tmp_path / "exercises" / FIRST)
    out = tmp_path / "report.json"
    assert cli.main(["check", FIRST, "--target", str(tmp_path), "--json", str(out)]) == 0
    assert json.loads(out.read_text())["score"] == solutions_report[1]["score"]


def test_status_reads_the_last_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LLM_WORKSHOP_ROOT", str(tmp_path))
    assert cli.main(["status"]) == 0
    assert "Nothing checked yet" in capsys.readouterr().out
    state = tmp_path / ".llm-grader"
    state.mkdir()
    (state / "results.json").write_text(
        json.dumps(
            {
                FIRST: {
                    "score": 3.0,
                    "max_score": 12.0,
                    "checks": [],
                    "checked_at": "2026-11-23 10:00",
                }
            }
        )
    )
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "3/12" in out and FIRST in out


def test_hints_are_revealed_one_at_a_time(tmp_path, monkeypatch, capsys):
    hints = topics.exercises_dir() / FIRST / "hints.toml"
    (tmp_path / "exercises" / FIRST).mkdir(parents=True)
    shutil.copy(hints, tmp_path / "exercises" / FIRST / "hints.toml")
    monkeypatch.setenv("LLM_WORKSHOP_ROOT", str(tmp_path))
    assert cli.main(["hint", "1"]) == 0
    assert "0/" in capsys.readouterr().out
    assert cli.main(["hint", "1", "1"]) == 0
    first = capsys.readouterr().out
    assert "hint 1/" in first and "hint 2/" not in first
    assert cli.main(["hint", "1", "1"]) == 0
    assert "hint 2/" in capsys.readouterr().out
    assert cli.main(["hint", "1", "99"]) == 2


@pytest.mark.parametrize("name", ["1", "t1", "t1_tokens"])
def test_topics_by_number_or_id(name):
    assert topics.resolve_topic(name) == "t1_tokens"


def test_a_topics_number_is_read_in_one_place():
    assert [topics.number(t) for t in topics.TOPICS] == list(range(1, len(topics.TOPICS) + 1))
    with pytest.raises(topics.UsageError, match="not a topic id"):
        topics.number("tokens")


def test_unknown_topic_is_a_clear_error(capsys):
    assert cli.main(["hint", "9"]) == 2
    assert "unknown topic" in capsys.readouterr().out


def test_watch_reruns_the_tests_when_a_file_is_saved(tmp_path, monkeypatch):
    import threading
    import time

    from grader.learner import watch

    folder = tmp_path / "exercises" / FIRST
    folder.mkdir(parents=True)
    monkeypatch.setenv("LLM_WORKSHOP_ROOT", str(tmp_path))
    runs = []
    monkeypatch.setattr(watch, "run_visible", lambda topic, target: runs.append(topic))
    stop = threading.Event()
    thread = threading.Thread(
        target=watch.watch_topic, args=(cli.console, FIRST, "exercises", stop)
    )
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while len(runs) < 2 and time.monotonic() < deadline:
            (folder / "bpe.py").write_text(f"X = {time.monotonic()}\n")
            time.sleep(0.5)
    finally:
        stop.set()
        thread.join(10)
    assert runs[:2] == [FIRST, FIRST], "watch should run once at start and again after a save"
