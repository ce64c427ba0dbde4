"""The learner release: no solutions, no hidden checks; installs and runs its visible tests."""

from __future__ import annotations

import io
import os
import re
import shutil
import site
import subprocess
import sys
import textwrap

import pytest
from rich.console import Console

from grader import cli
from grader.build import release
from grader.core import regions, topics


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One release, built the way `llm-grader release` builds it: (OUT, screen, log file)."""
    tmp = tmp_path_factory.mktemp("release")
    screen = io.StringIO()
    out = release.build_with_progress(
        tmp / "workshop", (), Console(file=screen, width=200), log=tmp / "release.log"
    )
    return out, screen.getvalue(), tmp / "release.log"


@pytest.fixture(scope="module")
def out(built):
    return built[0]


def _texts(root):
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".md", ".toml", ".json", ".txt", ".ipynb"}:
            yield path, path.read_text(encoding="utf-8", errors="replace")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_release_holds_no_solution_and_no_hidden_check(out):
    assert not (out / "solutions").exists() and not (out / "grader" / "checks").exists()
    assert not (out / "tests").exists()
    hidden_names = {p.name for p in topics.checks_dir().rglob("test_*.py")}
    bodies = [
        _squash(textwrap.dedent(b))
        for t in topics.available_topics()
        for f in topics.solution_files(t, topics.solutions_dir())
        for b in regions.regions(f.read_text(encoding="utf-8"))
    ]
    bodies = [b for b in bodies if len(b) > 30]
    assert bodies, "found no solution regions to look for"
    for path, text in _texts(out):
        assert not regions.regions(text), f"{path} has a solution region"
        if path.name.startswith("test_"):
            assert (
                "checks" not in path.as_posix()
                and path.name not in hidden_names
                or (topics.exercises_dir() / path.relative_to(out / "exercises")).exists()
            ), path
        flat = _squash(text)
        leaked = [b[:60] for b in bodies if b in flat]
        assert not leaked, f"{path} contains reference code: {leaked[0]}…"


def test_the_release_installs_and_its_visible_tests_run_from_it_alone(out, tmp_path):
    """A fresh venv (dependencies borrowed from this one) installs OUT; pytest in OUT collects
    the visible tests, which fail on the stubs and pass once the reference is copied in."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / "venv" / purelib.split(str(venv) + "/", 1)[1] / "_deps.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n"
    )
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "-e", str(out)], check=True)

    def pytest_in_out():
        return subprocess.run(
            [py, "-m", "pytest", "-q", "--no-header", "-p", "no:randomly"],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )

    where = subprocess.run(
        [py, "-c", "import grader; print(grader.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(out)), f"grader imported from {where}"
    on_stubs = pytest_in_out()
    summary = on_stubs.stdout.strip().splitlines()[-1]
    assert on_stubs.returncode == 1 and " failed" in summary and " passed" not in summary, summary
    for topic in topics.available_topics():
        for f in topics.solution_files(topic, topics.solutions_dir()):
            shutil.copy2(f, out / "exercises" / f.relative_to(topics.solutions_dir()))
    on_reference = pytest_in_out()
    assert on_reference.returncode == 0, on_reference.stdout[-3000:]
    topic = topics.available_topics()[0]
    subprocess.run(
        [venv / "bin" / "llm-grader", "reset", topic, "--yes"],
        cwd=out,
        check=True,
        capture_output=True,
    )
    pristine = out / "exercises" / topics.PRISTINE / topic
    for stub in pristine.glob("*.py"):
        assert (out / "exercises" / topic / stub.name).read_text() == stub.read_text(), (
            f"`llm-grader reset` in the release did not restore {stub.name}"
        )


def test_the_release_ships_the_lock_its_readme_installs_from(out):
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "-c constraints.txt" in readme
    assert (out / "constraints.txt").read_text() == (
        topics.project_root() / "constraints.txt"
    ).read_text()


# --- issue 25.2: instructor commands, the release README, phases and logs -----------------

INSTRUCTOR_ARGS = {
    "score": ["score", "subs", "--out", "grades"],
    "sync": ["sync"],
    "release": ["release", "../another"],
    "nbgrader": ["nbgrader", "build", "course"],
    "notebooks": ["notebooks", "nbs"],
    "gradescope": ["gradescope", "../autograder.zip"],
    "classroom": ["classroom", "../starter"],
}


def test_instructor_commands_outside_the_instructor_checkout_say_so_in_one_line(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(topics, "solutions_dir", lambda: tmp_path / "solutions")
    (tmp_path / "subs").mkdir()
    for command, args in INSTRUCTOR_ARGS.items():
        assert cli.main(args) == 2, command
        lines = capsys.readouterr().out.strip().splitlines()
        assert len(lines) == 1 and "needs the instructor checkout" in lines[0], (command, lines)
    assert sorted(INSTRUCTOR_ARGS) == sorted(release.INSTRUCTOR_COMMANDS)


def test_in_the_release_instructor_commands_refuse_without_a_traceback(out, tmp_path, llm_grader):
    env = {k: v for k, v in os.environ.items() if k != "LLM_WORKSHOP_ROOT"}
    env["PYTHONPATH"] = str(out)
    (out / "subs").mkdir(exist_ok=True)
    for command, args in INSTRUCTOR_ARGS.items():
        done = llm_grader(args, out, env, timeout=120)
        lines = done.stdout.strip().splitlines()
        assert done.returncode == 2, (command, done.stdout[-500:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr and len(lines) == 1, (
            command,
            done.stdout,
            done.stderr[-500:],
        )
        assert f"`llm-grader {command}` needs the instructor checkout" in lines[0]
    (out / "subs").rmdir()


def test_the_release_readme_is_written_for_the_release(out):
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "visible + hidden" not in readme and "hidden checks as well" in readme
    assert "holds the visible checks only" in readme
    for command in release.INSTRUCTOR_COMMANDS:
        assert f"llm-grader {command} " not in readme, command
    assert ".ci/" not in readme and "solutions" not in readme
    assert (
        "pip install torch==" in readme
        and "--index-url https://download.pytorch.org/whl/cpu" in readme
    )
    for link in re.findall(r"\]\(([^)#]+)\)", readme):
        assert link.startswith("http") or (out / link).exists(), (
            f"the README links to {link}, not in the release"
        )


def test_release_shows_its_phases_and_keeps_the_training_logs_in_a_file(built):
    _, screen, log = built
    assert "stubs, visible tests, READMEs and hints" in screen and "slide decks" in screen
    assert f"training logs): {log}" in screen.replace("\n", "")
    logged = [
        line.strip()
        for line in log.read_text(encoding="utf-8").splitlines()[1:]
        if len(line.strip()) > 20 and not line.startswith("===")
    ]
    assert not [line for line in logged if line in screen], (
        "figure script output reached the screen"
    )
