"""The learner release: no solutions, no hidden checks; installs and runs its visible tests."""

from __future__ import annotations

import re
import shutil
import site
import subprocess
import sys
import textwrap

import pytest

from grader import release, sync, topics

REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", re.DOTALL)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return release.build(tmp_path_factory.mktemp("release") / "workshop", say=lambda *_: None)


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
    bodies = [_squash(textwrap.dedent(b)) for t in topics.available_topics()
              for f in sync.solution_files(t, topics.solutions_dir())
              for b in REGION.findall(f.read_text(encoding="utf-8"))]
    bodies = [b for b in bodies if len(b) > 30]
    assert bodies, "found no solution regions to look for"
    for path, text in _texts(out):
        assert not REGION.search(text), f"{path} has a solution region"
        if path.name.startswith("test_"):
            assert "grader/checks" not in path.as_posix() and path.name not in hidden_names \
                or (topics.exercises_dir() / path.relative_to(out / "exercises")).exists(), path
        flat = _squash(text)
        leaked = [b[:60] for b in bodies if b in flat]
        assert not leaked, f"{path} contains reference code: {leaked[0]}…"


def test_the_release_installs_and_its_visible_tests_run_from_it_alone(out, tmp_path):
    """A fresh venv (dependencies borrowed from this one) installs OUT; pytest in OUT collects
    the visible tests, which fail on the stubs and pass once the reference is copied in."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / "venv" / purelib.split(str(venv) + "/", 1)[1] / "_deps.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "-e", str(out)], check=True)

    def pytest_in_out():
        return subprocess.run([py, "-m", "pytest", "-q", "--no-header", "-p", "no:randomly"],
                              cwd=out, capture_output=True, text=True, timeout=1200, check=False)

    where = subprocess.run([py, "-c", "import grader; print(grader.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(out)), f"grader imported from {where}"
    on_stubs = pytest_in_out()
    summary = on_stubs.stdout.strip().splitlines()[-1]
    assert on_stubs.returncode == 1 and " failed" in summary and " passed" not in summary, summary
    for topic in topics.available_topics():
        for f in sync.solution_files(topic, topics.solutions_dir()):
            shutil.copy2(f, out / "exercises" / f.relative_to(topics.solutions_dir()))
    on_reference = pytest_in_out()
    assert on_reference.returncode == 0, on_reference.stdout[-3000:]
    topic = topics.available_topics()[0]
    subprocess.run([venv / "bin" / "llm-grader", "reset", topic], cwd=out, check=True,
                   capture_output=True)
    pristine = out / "exercises" / sync.PRISTINE / topic
    for stub in pristine.glob("*.py"):
        assert (out / "exercises" / topic / stub.name).read_text() == stub.read_text(), \
            f"`llm-grader reset` in the release did not restore {stub.name}"


def test_the_release_ships_the_lock_its_readme_installs_from(out):
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "-c constraints.txt" in readme
    assert (out / "constraints.txt").read_text() == (topics.project_root() / "constraints.txt").read_text()
