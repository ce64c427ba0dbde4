"""The guard recognises the reference by content: a second checkout beside the first, a
renamed copy, a link or an older version are refused like the reference itself, while the
learner's own files, public files and libraries stay readable (issue 25.3)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.core import topics
from grader.run import runner

TOPIC = "t7_trends"
REFUSED = "the code tried to read the grader's reference answers"


def _reference() -> Path:
    return topics.solutions_dir() / TOPIC / "trends.py"


def _hidden() -> Path:
    return topics.checks_dir() / TOPIC / "test_trends_hidden.py"


def _second_checkout(root: Path) -> Path:
    """Another clone beside the first: its solutions/ and checks/ as in the repo."""
    other = root / "other-clone"
    shutil.copytree(topics.solutions_dir() / TOPIC, other / "solutions" / TOPIC)
    shutil.copytree(topics.checks_dir() / TOPIC, other / "checks" / TOPIC)
    return other


def _older_checkout(root: Path) -> Path:
    """A clone from before the layered grader (hidden checks in grader/checks/), at another
    version (so only the layout gives it away)."""
    other = root / "pre-layers-clone"
    (other / "grader" / "checks" / TOPIC).mkdir(parents=True)
    (other / "grader" / "__init__.py").write_text("")
    hidden = other / "grader" / "checks" / TOPIC / _hidden().name
    hidden.write_text(_hidden().read_text() + "\n# an older version\n")
    return hidden


# --- the whole path: llm-grader's child process on a cheating and an honest submission ----

STEAL = """

def _stolen(path):
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("_stolen", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("_stolen", loader))
    sys.modules["_stolen"] = module
    loader.exec_module(module)
    return module


def training_flops(params, tokens):  # the reference from the second checkout
    return _stolen({other!r}).training_flops(params, tokens)


def chinchilla_optimal(compute, tokens_per_param=20.0):  # from a renamed copy of it
    return _stolen({renamed!r}).chinchilla_optimal(compute, tokens_per_param)


_own_fit_power_law = fit_power_law


def fit_power_law(x, y):  # a peek at a renamed copy of the hidden checks
    with open({hidden!r}) as f:
        f.read()
    return _own_fit_power_law(x, y)
"""


def _submission(folder: Path, extra: str = "") -> Path:
    shutil.copytree(topics.solutions_dir() / TOPIC, folder / TOPIC)
    module = folder / TOPIC / "trends.py"
    module.write_text(
        module.read_text().replace("import math\n", "import math\nimport sys\n") + extra
    )
    return folder


@pytest.mark.timeout(300)
def test_copies_of_the_reference_beside_the_checkout_are_refused(tmp_path):
    other = _second_checkout(tmp_path)
    stash = tmp_path / "stash"
    stash.mkdir()
    shutil.copy(_reference(), stash / "notes.txt")
    shutil.copy(_hidden(), stash / "checks.txt")
    cheat = _submission(
        tmp_path / "cheat",
        STEAL.format(
            other=str(other / "solutions" / TOPIC / "trends.py"),
            renamed=str(stash / "notes.txt"),
            hidden=str(stash / "checks.txt"),
        ),
    )
    honest = _submission(tmp_path / "honest")

    result = runner.run_topic(TOPIC, target=str(cheat))
    assert result["error"] is None, result["error"]
    checks = result["checks"]
    for name in ("training_flops", "chinchilla_optimal", "fit_power_law"):
        mine = [c for c in checks if name in c["id"]]
        assert mine and not any(c["passed"] for c in mine), f"{name} earned points from a copy"
    failed = [c for c in checks if not c["passed"]]
    for c in failed:
        assert REFUSED in c["message"], f"{c['id']}: {c['message']}"
    assert any("notes.txt is a copy" in c["message"] for c in failed)
    assert any("checks.txt is a copy" in c["message"] for c in failed)

    result = runner.run_topic(TOPIC, target=str(honest))
    assert result["error"] is None, result["error"]
    assert all(c["passed"] for c in result["checks"]), [
        (c["id"], c["message"]) for c in result["checks"] if not c["passed"]
    ][:3]


# --- the rules one by one, in a child process (an audit hook cannot be removed) -------------

ATTEMPTS = """
import json, os, sys

def attempt(path, how="open"):
    try:
        if how == "open":
            with open(path, "rb") as f:
                f.read(1)
        elif how == "os.open":
            os.close(os.open(path, os.O_RDONLY))
        elif how == "listdir":
            os.listdir(path)
        elif how == "dir_fd":
            folder = os.open(os.path.dirname(path), os.O_RDONLY)
            try:
                os.close(os.open(os.path.basename(path), os.O_RDONLY, dir_fd=folder))
            finally:
                os.close(folder)
        elif how == "rmtree":
            import shutil
            shutil.rmtree(path)
        elif how == "rename":
            os.rename(path, path + ".moved")
        elif how == "link":
            os.link(path, path + ".linked")
        return "ok"
    except PermissionError as exc:
        return f"refused: {exc}"
    except OSError as exc:
        return f"{type(exc).__name__}"
"""

DRIVER = """
import json, sys
from grader.core import guard
learner, public, cases = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
solutions, checks = sys.argv[4], sys.argv[5]
guard.install(learner, [solutions, checks], public=[public])
sys.path.insert(0, learner)
import attempts
out = {name: attempts.attempt(path, how) for name, (path, how) in cases.items()}
sys._getframe = lambda *a: None  # the hook keeps its own references
out["after patching sys._getframe"] = attempts.attempt(cases["renamed copy"][0])
try:
    guard.install(learner, [], public=[])
    out["a laxer second install"] = "ok"
except RuntimeError as exc:
    out["a laxer second install"] = f"refused: {exc}"
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    """Each case's outcome: 'ok', 'refused: <message>' or the OSError's name."""
    tmp_path = tmp_path_factory.mktemp("guard")
    other = _second_checkout(tmp_path)
    learner = tmp_path / "learner"
    shutil.copytree(topics.exercises_dir() / TOPIC, learner / TOPIC)  # the stubs
    (learner / "attempts.py").write_text(ATTEMPTS)
    (learner / "mine.txt").write_text("the learner's notes\n")
    (learner / "draft.txt").write_text("a draft\n")
    (learner / "kept.py").write_text("# a decoy beside the working directory\n")
    scratch = tmp_path / "scratch" / "run" / "checkpoints"
    scratch.mkdir(parents=True)
    (scratch / "step-1.txt").write_text("weights\n")
    stash = tmp_path / "stash"
    (stash / "__pycache__").mkdir(parents=True)
    shutil.copy(_reference(), stash / "kept.py")
    (stash / "__pycache__" / "kept.cpython-311.pyc").write_bytes(b"\0" * 64)
    os.link(stash / "kept.py", stash / "hardlink.py")
    os.symlink(stash / "kept.py", stash / "symlink.py")
    older = tmp_path / "older-clone" / "solutions" / TOPIC
    older.mkdir(parents=True)
    (older / "trends.py").write_text(_reference().read_text().replace("6.0 *", "6 *"))
    git = tmp_path / "third-clone" / ".git" / "objects" / "ab"
    git.mkdir(parents=True)
    (git / "cdef").write_bytes(b"x\x9c compressed reference")
    shutil.copy(topics.solutions_dir() / TOPIC / "__init__.py", stash / "public.py")
    import numpy

    cases = {
        "second checkout": (other / "solutions" / TOPIC / "trends.py", "open"),
        "second checkout's hidden checks": (other / "checks" / TOPIC / _hidden().name, "open"),
        "an older checkout's hidden checks (grader/checks)": (_older_checkout(tmp_path), "open"),
        "renamed copy": (stash / "kept.py", "open"),
        "hard link": (stash / "hardlink.py", "open"),
        "symbolic link": (stash / "symlink.py", "open"),
        "compiled copy": (stash / "__pycache__" / "kept.cpython-311.pyc", "open"),
        "older version in a checkout": (older / "trends.py", "open"),
        "a checkout's solutions folder as a descriptor": (other / "solutions", "os.open"),
        "git objects": (git / "cdef", "open"),
        "a renamed copy through a folder descriptor": (stash / "kept.py", "dir_fd"),
        "moving a checkout's solutions folder": (older.parent, "rename"),
        "hard-linking an older version": (older / "trends.py", "link"),
        "renaming an own file": (learner / "draft.txt", "rename"),
        "an own file through a folder descriptor": (learner / "mine.txt", "dir_fd"),
        "removing a scratch folder": (tmp_path / "scratch", "rmtree"),
        "the reference itself": (_reference(), "open"),
        "own module": (learner / TOPIC / "trends.py", "open"),
        "own notes": (learner / "mine.txt", "open"),
        "public file copied elsewhere": (stash / "public.py", "open"),
        "a library": (Path(numpy.__file__), "open"),
        "the course data": (topics.project_root() / "data" / "notable_models.csv", "open"),
        "listing the second checkout": (other / "solutions" / TOPIC, "listdir"),
        "a missing file": (tmp_path / "missing.txt", "open"),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(DRIVER),
            str(learner),
            str(topics.exercises_dir()),
            json.dumps({k: (str(p), how) for k, (p, how) in cases.items()}),
            str(topics.solutions_dir()),
            str(topics.checks_dir()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=learner,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "case",
    [
        "second checkout",
        "second checkout's hidden checks",
        "renamed copy",
        "hard link",
        "symbolic link",
        "compiled copy",
        "older version in a checkout",
        "a checkout's solutions folder as a descriptor",
        "git objects",
        "the reference itself",
        "moving a checkout's solutions folder",
        "hard-linking an older version",
        "a renamed copy through a folder descriptor",
        "after patching sys._getframe",
    ],
)
def test_refused(rules, case):
    assert rules[case].startswith(f"refused: {REFUSED}"), rules[case]


@pytest.mark.parametrize(
    "case",
    [
        "own module",
        "own notes",
        "public file copied elsewhere",
        "a library",
        "the course data",
        "listing the second checkout",
        "renaming an own file",
        "an own file through a folder descriptor",
        "removing a scratch folder",
    ],
)
def test_allowed(rules, case):
    assert rules[case] == "ok", rules[case]


def test_a_missing_file_is_still_just_missing(rules):
    assert rules["a missing file"] == "FileNotFoundError"


def test_learner_code_cannot_install_a_laxer_guard(rules):
    assert rules["a laxer second install"].startswith("refused: the guard is already installed")
