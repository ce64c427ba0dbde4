"""`llm-grader score` on a cohort with honest, wrong and hostile submissions."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grader import cli
from grader.build import authoring, sync
from grader.cohort import score
from grader.core import records, topics

TOPIC = "t1_tokens"
SAMPLING = f"{TOPIC}/sampling.py"


def _solution_copy(folder: Path) -> Path:
    shutil.copytree(topics.solutions_dir() / TOPIC, folder / TOPIC)
    return folder


def _prepend(folder: Path, rel: str, code: str) -> None:
    path = folder / rel
    source = path.read_text()
    head, sep, body = source.partition("from __future__ import annotations\n")
    path.write_text(head + sep + code + "\n" + body if sep else code + "\n" + source)


DAEMON = """
import ctypes as _c
_libc = _c.CDLL(None)
if _libc.fork() == 0:
    _libc.setsid()
    _argv = (_c.c_char_p * 3)(b"/bin/sleep", b"3117", None)
    _libc.execv(b"/bin/sleep", _argv)
    _libc._exit(0)
"""

PATCH_PYTEST = """
import _pytest.runner as _runner
_original = _runner.call_and_report
def _always_pass(item, when, log=True, **kw):
    report = _original(item, when, log, **kw)
    report.outcome = "passed"
    return report
_runner.call_and_report = _always_pass
"""

FORCE_PASS_CONFTEST = """
import pytest
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
"""

READ_REFERENCE = """
def top_p_filter(logits, p):
    import sys
    sys.path.insert(0, {root!r})
    from solutions.t1_tokens.sampling import top_p_filter as reference
    return reference(logits, p)
"""


def build_cohort(root: Path) -> Path:
    subs = root / "submissions"
    subs.mkdir()
    _solution_copy(subs / "alice")
    sync.build_stubs(subs / "bob", [TOPIC])
    mutant = next(m for m in authoring.mutants(TOPIC) if "top_p_drops" in m.stem)
    authoring.apply_mutant(mutant, TOPIC, subs / "mutant")

    for name, code in {
        "exit_at_import": "import os\nos._exit(0)",
        "endless_import": "while True:\n    pass",
        "memory_bomb": "_hog = [bytearray(10**8) for _ in range(200)]",
        "huge_output": "import sys\nfor _ in range(50):\n    sys.stdout.write('x' * 1_000_000)",
        "segfault": "import ctypes\nctypes.string_at(0)",
        "daemon": DAEMON,
        "spawns_process": "import subprocess\nsubprocess.Popen(['sleep', '3118'])",
    }.items():
        _prepend(_solution_copy(subs / name), SAMPLING, code)

    patched = _solution_copy(subs / "patches_pytest")
    (patched / SAMPLING).write_text((topics.solutions_dir() / SAMPLING).read_text() + PATCH_PYTEST)
    (patched / SAMPLING).write_text(sync.make_stub((patched / SAMPLING).read_text(), SAMPLING))

    cheat = sync.build_stubs(subs / "conftest_cheat", [TOPIC])
    (cheat / "conftest.py").write_text(FORCE_PASS_CONFTEST)
    (cheat / TOPIC / "conftest.py").write_text(FORCE_PASS_CONFTEST)
    (cheat / "pytest.ini").write_text("[pytest]\naddopts = -p no:llm_grader\n")
    (cheat / "sitecustomize.py").write_text(
        "import os\nos.environ['LLM_GRADER_TARGET'] = 'solutions'\n"
    )

    reader = _solution_copy(subs / "reads_reference")
    (reader / SAMPLING).write_text(
        (reader / SAMPLING).read_text() + READ_REFERENCE.format(root=str(topics.project_root()))
    )

    linked = _solution_copy(subs / "symlinked")
    (linked / TOPIC / "bpe.py").unlink()
    (linked / TOPIC / "bpe.py").symlink_to(topics.solutions_dir() / TOPIC / "bpe.py")

    with zipfile.ZipFile(subs / "zip_slip.zip", "w") as z:
        for path in sorted((topics.solutions_dir() / TOPIC).glob("*.py")):
            z.write(path, f"work/exercises/{TOPIC}/{path.name}")
        z.writestr("../../escaped.py", "print('escaped')")
        z.writestr("/absolute.py", "print('absolute')")
    (subs / "corrupt.zip").write_bytes(b"PK\x03\x04 this is not really a zip" * 10)
    return subs


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file() and not path.is_symlink():
            h.update(path.read_bytes())
    return h.hexdigest()


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry))
    return found


ARGS = ["--jobs", "2", "--timeout", "90", "--memory", "4096", "--topics", "1"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    subs = build_cohort(root)
    before = _tree_digest(subs)
    out = root / "out"
    assert cli.main(["score", str(subs), "--out", str(out), *ARGS]) == 0
    results = {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")}
    return {"subs": subs, "out": out, "results": results, "before": before, "root": root}


def _file_points(result: dict, stem: str) -> tuple[float, float]:
    checks = [c for c in result["topics"][TOPIC]["checks"] if c["id"].startswith(stem)]
    return sum(c["points"] for c in checks if c["passed"]), sum(c["points"] for c in checks)


def _bpe_and_sampling(result: dict) -> tuple[tuple, tuple]:
    bpe = [_file_points(result, s) for s in ("test_bpe.py", "test_bpe_hidden.py")]
    sampling = [_file_points(result, s) for s in ("test_sampling.py", "test_sampling_hidden.py")]
    return tuple(map(sum, zip(*bpe))), tuple(map(sum, zip(*sampling)))


@pytest.mark.timeout(1800)
def test_honest_submissions_get_what_they_earn(graded):
    r = graded["results"]
    assert r["alice"]["score"] == r["alice"]["max_score"] > 0
    assert r["zip_slip"]["score"] == r["alice"]["max_score"]
    assert r["huge_output"]["score"] == r["alice"]["max_score"], "printing a lot is not a crime"
    assert r["bob"]["score"] == 0
    assert 0 < r["mutant"]["score"] < r["alice"]["max_score"]
    assert any("unsafe path" in p for p in r["zip_slip"]["problems"])


@pytest.mark.timeout(1800)
@pytest.mark.parametrize(
    "learner,reason",
    [
        ("exit_at_import", "exited with status 0"),
        ("endless_import", "ran out of time"),
        ("memory_bomb", "MemoryError"),
        ("segfault", "SIGSEGV"),
        ("spawns_process", "may not start processes"),
        ("patches_pytest", "changed the test runner"),
    ],
)
def test_a_broken_module_costs_only_its_own_checks(graded, learner, reason):
    result = graded["results"][learner]
    (bpe_got, bpe_max), (sampling_got, _) = _bpe_and_sampling(result)
    assert bpe_got == bpe_max > 0, f"{learner}: the untouched bpe.py lost points"
    assert sampling_got == 0, f"{learner}: the broken sampling.py earned points"
    entry = result["topics"][TOPIC]
    texts = [entry.get("error") or ""] + [c["message"] for c in entry["checks"]]
    assert any(reason in t for t in texts), (
        f"{learner}: no reason mentioning {reason!r}: {texts[:3]}"
    )


@pytest.mark.timeout(1800)
def test_cheats_earn_nothing(graded):
    r = graded["results"]
    assert r["conftest_cheat"]["score"] == 0
    assert r["corrupt"]["score"] == 0 and any(
        "could not read" in p for p in r["corrupt"]["problems"]
    )
    reader = r["reads_reference"]["topics"][TOPIC]["checks"]
    top_p = [c for c in reader if "top_p" in c["id"]]
    assert top_p and not any(c["passed"] for c in top_p)
    assert any("may not read the reference" in c["message"] for c in top_p)
    (bpe_got, _), (sampling_got, sampling_max) = _bpe_and_sampling(r["symlinked"])
    assert bpe_got == 0 and sampling_got == sampling_max
    assert any("symbolic link" in p for p in r["symlinked"]["problems"])


@pytest.mark.timeout(1800)
def test_nothing_is_left_behind(graded):
    assert graded["results"]["daemon"]["score"] == graded["results"]["alice"]["score"]
    assert not _processes_with("sleep 3117"), "a learner's daemon outlived the grading run"
    assert not _processes_with("sleep 3118")
    assert _tree_digest(graded["subs"]) == graded["before"], "a submission was modified"
    assert not (graded["root"] / "escaped.py").exists() and not Path("/absolute.py").exists()
    assert not list(Path(topics.project_root()).glob("escaped.py"))


@pytest.mark.timeout(1800)
def test_outputs_for_instructors_and_learners(graded):
    out, results = graded["out"], graded["results"]
    for result in results.values():
        records.validate("learner_grade", result)  # the one schema every reader relies on
    grades = json.loads((out / "grades.json").read_text())
    assert set(grades) == set(results)
    header = (out / "grades.csv").read_text().splitlines()[0]
    assert header.startswith("learner,t1_tokens,total")
    hidden_source = (topics.checks_dir() / TOPIC / "test_sampling_hidden.py").read_text()
    for learner in results:
        feedback = (out / "feedback" / f"{learner}.md").read_text()
        assert feedback.startswith(f"# Feedback for {learner}")
        assert "def test_" not in feedback and hidden_source[:200] not in feedback
        gradescope = json.loads((out / "gradescope" / learner / "results.json").read_text())
        assert gradescope["score"] == results[learner]["score"]
        assert sum(t["max_score"] for t in gradescope["tests"]) == results[learner]["max_score"]
    report = (out / "report.md").read_text()
    assert "Hardest checks" in report and (out / "report.png").stat().st_size > 1000


@pytest.mark.timeout(1800)
def test_a_killed_run_resumes_to_the_same_grades(graded, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("alice", "bob", "mutant", "exit_at_import"):
        shutil.copytree(graded["subs"] / name, subs / name, symlinks=True)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "grader.cli",
        "score",
        str(subs),
        "--out",
        str(out),
        *ARGS,
        "--jobs",
        "1",
    ]
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not list((out / "results").glob("*.json")):
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = {p.name for p in (out / "results").glob("*.json")}
    assert 1 <= len(done_before) < 4
    assert not list((out / "results").glob("*.tmp")), "a half-written result was left"
    assert cli.main(["score", str(subs), "--out", str(out), *ARGS]) == 0
    for learner in ("alice", "bob", "mutant", "exit_at_import"):
        resumed = json.loads((out / "results" / f"{learner}.json").read_text())
        assert resumed["score"] == graded["results"][learner]["score"], learner


def test_the_hardest_checks_leave_out_learners_with_no_files_for_the_topic(tmp_path):
    """Issue 25.5: an empty hand-in is no evidence that a check is hard."""
    from grader.cohort import cohort_report

    def learner(name, t1, t2):
        def entry(passed):
            if passed is None:  # handed in nothing for the topic: what score.grade_one records
                return {
                    "score": 0,
                    "max_score": 1,
                    "error": cohort_report.NO_FILES,
                    "checks": [
                        {
                            "id": "test_a.py::test_a",
                            "title": "check a",
                            "points": 1,
                            "hidden": False,
                            "passed": False,
                            "message": f"not run: {cohort_report.NO_FILES}",
                            "duration_s": 0.0,
                        }
                    ],
                }
            return {
                "score": int(passed),
                "max_score": 1,
                "checks": [
                    {
                        "id": "test_a.py::test_a",
                        "title": "check a",
                        "points": 1,
                        "hidden": False,
                        "passed": passed,
                        "message": "" if passed else "wrong",
                        "duration_s": 0.5,
                    }
                ],
            }

        return {
            "learner": name,
            "source": name,
            "problems": [],
            "score": 0,
            "max_score": 2,
            "topics": {"t1_tokens": entry(t1), "t7_trends": entry(t2)},
        }

    results = [
        learner("ann", True, True),
        learner("bob", False, None),
        learner("cy", None, None),
        learner("dee", None, False),
    ]
    cohort_report.write_report(results, tmp_path)
    report = (tmp_path / "report.md").read_text()
    rows = dict(re.findall(r"^\| (t\d_\w+) \| check a \| (\d+)% \|$", report, re.MULTILINE))
    assert rows == {"t1_tokens": "50", "t7_trends": "50"}, report
    assert "left out (no files): 2 for t1_tokens, 2 for t7_trends" in report


def test_the_progress_line_names_the_slowest_check_so_far():
    grade = {
        "learner": "ada",
        "topics": {
            "t1_tokens": {
                "checks": [
                    {"id": "test_bpe.py::test_a", "duration_s": 0.4},
                    {"id": "test_bpe.py::test_b", "duration_s": 2.5},
                ]
            },
            "t7_trends": {"checks": [{"id": "test_trends.py::test_c", "duration_s": 1.0}]},
        },
    }
    slowest = score.slowest_check(grade)
    assert slowest == (2.5, "ada", "test_bpe.py::test_b")
    assert score._describe_slowest(slowest) == "• slowest check so far: test_b (2.5 s, ada)"
    assert score.slowest_check({"learner": "bob", "topics": {}}) is None


class _FakeLearner:
    def __init__(self, sub, settings, work):
        self.sub = sub


def _units(schedule, n=None):
    out = []
    while (n is None or len(out) < n) and (unit := schedule.next()) is not None:
        out.append((unit[0].sub, unit[1]))
    return out


def test_the_schedule_grades_the_slowest_topics_first_in_a_window_of_learners(monkeypatch):
    monkeypatch.setattr(score, "Learner", _FakeLearner)
    settings = score.Settings(topics=("a", "b", "c"), jobs=1, limits=None)
    past = {"a": [1.0], "b": [5.0, 7.0], "c": [3.0]}
    schedule = score.Schedule(["ann", "bob", "cy"], settings, Path("."), past)
    # one job: a window of 2 learners; the third opens once every topic of ann has started
    assert _units(schedule, 6) == [
        ("ann", "b"),
        ("bob", "b"),
        ("ann", "c"),
        ("bob", "c"),
        ("ann", "a"),
        ("cy", "b"),
    ]
    schedule.measured("c", 100.0)  # c turned out the slowest: it now goes first
    assert _units(schedule) == [("cy", "c"), ("bob", "a"), ("cy", "a")]


def test_a_topic_not_measured_yet_goes_first_and_stop_starts_nothing_more(monkeypatch):
    monkeypatch.setattr(score, "Learner", _FakeLearner)
    settings = score.Settings(topics=("a", "b"), jobs=2, limits=None)
    schedule = score.Schedule(["ann", "bob"], settings, Path("."), {"a": [9.0]})
    assert _units(schedule, 1) == [("ann", "b")]
    schedule.stop()
    assert schedule.next() is None


def test_past_seconds_reads_the_results_already_written(tmp_path):
    check = {"id": "x", "duration_s": 1.5}
    grade = {"topics": {"t1_tokens": {"checks": [check, check]}}}
    (tmp_path / "ann.json").write_text(json.dumps(grade))
    (tmp_path / "bob.json").write_text("{ half written")
    assert score.past_seconds(tmp_path) == {"t1_tokens": [3.0]}
