"""The nbgrader path cannot be patched from the learner's cells (issue 22).

One t7 course, three submissions graded by the real nbgrader CLI, one `autograde` per learner
(so that nbgrader's log is the learner's):

- ``patcher``: the untouched stubs plus the attacks that used to give full marks from the
  grading kernel (``grader.build.notebook.score`` replaced, ``checks`` redefined, an input
  transformer that rewrites every test cell into its points, ``print``/``sys.displayhook``
  replaced) and one test cell deleted: it still gets what the stubs get, 0;
- ``reference``: the reference in the module cells, test cells untouched: full marks, the
  same as ``llm-grader check 7 --target solutions``, and not one ``checksum has changed``;
- ``leaker``: the stubs, a cell that prints a reference file and a hidden check file (through
  ``open``, a process and libc), and a test cell edited: neither file's content is in the
  feedback HTML, and nbgrader still reports the edited locked cell.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from grader import cli
from grader.build import nbgrader_course, nbgrader_grading, sync
from grader.core import topics
from grader.run import runner

TOPIC = "t7_trends"
CHECKSUM = re.compile(r"Attribute 'checksum' for cell (\S+) has changed")

PATCHES = """
import builtins, sys
import grader.build.notebook as n
n.score = lambda outcome, ids: float(sum(c["points"] for c in outcome["checks"] if c["id"] in ids))
n.checks = lambda topic, ids: 1e-9
builtins.print = lambda *args, **kwargs: None
sys.displayhook = lambda value: None
try:
    import re as _re
    def _full_marks(lines):
        found = _re.search(r"\\(([\\d.]+) points\\)", "".join(lines))
        return [found.group(1) + "\\n"] if found and "checks(" in "".join(lines) else lines
    get_ipython().input_transformers_post.append(_full_marks)
except NameError:
    pass  # not in a kernel (the check process imports this module too)
"""


def _leak_cell(files: list[Path], tamper: Path) -> str:
    paths = [str(p) for p in files]
    return f"""# not my code: the grader's
import ctypes, os, subprocess
from IPython.display import HTML, display
display(HTML("<b>bold</b><script>document.title = 'pwned by a learner'</script>"))
try:  # what grades the next learner is not the notebook's to change
    open({str(tamper)!r}, "w").write("tampered")
except Exception as exc:
    print("write:", exc)
for path in {paths!r}:
    try:
        print(open(path).read())
    except Exception as exc:
        print("open:", exc)
    try:
        print(subprocess.run(["cat", path], capture_output=True, text=True).stdout)
    except Exception as exc:
        print("cat:", exc)
    try:  # libc's open/read: no audit event
        libc = ctypes.CDLL(None)
        fd = libc.open(path.encode(), os.O_RDONLY)
        buf = ctypes.create_string_buffer(1 << 20)
        size = libc.read(fd, buf, 1 << 20)
        print(buf.raw[:max(size, 0)].decode())
    except Exception as exc:
        print("libc:", exc)
"""


def _is_grade(cell) -> bool:
    return cell.metadata.get("nbgrader", {}).get("grade", False)


def _module_cell(nb):
    return next(
        c
        for c in nb.cells
        if c.cell_type == "code"
        and c.source.startswith("%%module ")
        and c.metadata.get("nbgrader", {}).get("solution")
    )


TAMPER = topics.package_root() / "grader" / "run" / "tampered_by_a_notebook.py"


def _submissions(release, stubs: Path) -> dict:
    reference = nbgrader_course.fill_in(release, topics.solutions_dir())

    patcher = nbgrader_course.fill_in(release, stubs)
    cell = _module_cell(patcher)
    cell.source += "\n" + PATCHES
    patcher.cells.append(nbformat.v4.new_code_cell(PATCHES))
    graded = [c for c in patcher.cells if _is_grade(c)]
    patcher.cells.remove(graded[-1])  # a deleted test cell is put back and graded

    leaker = nbgrader_course.fill_in(release, stubs)
    files = [topics.solutions_dir() / TOPIC / "trends.py", *runner.check_files(TOPIC)]
    hidden = [f for f in files if topics.checks_dir() in f.parents]
    assert hidden, "t7 has hidden checks"
    leaker.cells.insert(
        leaker.cells.index(_module_cell(leaker)) + 1,
        nbformat.v4.new_code_cell(_leak_cell(files, TAMPER)),
    )
    edited = next(c for c in leaker.cells if _is_grade(c))
    edited.source = edited.source.replace("points = ", "points = 100 or ", 1)
    return {"reference": reference, "patcher": patcher, "leaker": leaker}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    assert cli.main(["nbgrader", "build", str(root), "7"]) == 0
    done = nbgrader_course.nbgrader(root, "generate_assignment", TOPIC)
    assert done.returncode == 0, done.stderr[-3000:]
    release = nbformat.read(root / "release" / TOPIC / f"{TOPIC}.ipynb", as_version=4)
    stubs = sync.build_stubs(tmp_path_factory.mktemp("stubs"), [TOPIC])
    logs, seconds = {}, {}
    for student, nb in _submissions(release, stubs).items():
        folder = root / "submitted" / student / TOPIC
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{TOPIC}.ipynb")
        start = time.perf_counter()
        done = nbgrader_course.nbgrader(root, "autograde", TOPIC, "--student", student)
        seconds[student] = round(time.perf_counter() - start, 1)
        assert done.returncode == 0, done.stderr[-3000:]
        logs[student] = done.stdout + done.stderr
    for args in (("export", "--to", str(root / "grades.csv")), ("generate_feedback", TOPIC)):
        done = nbgrader_course.nbgrader(root, *args)
        assert done.returncode == 0, done.stderr[-3000:]
    with open(root / "grades.csv", newline="") as f:
        totals = {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader(f)}
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        cells = {
            s: {g.name: g.auto_score for g in gb.find_submission_notebook(TOPIC, TOPIC, s).grades}
            for s in totals
        }
    print(f"\nautograde seconds per notebook: {seconds}; totals {totals}")
    manifest = json.loads((root / nbgrader_course.MANIFEST).read_text())
    return {
        "root": root,
        "logs": logs,
        "totals": totals,
        "cells": cells,
        "total": sum(c["points"] for c in manifest["topics"][TOPIC]),
    }


def _feedback(root: Path, student: str) -> str:
    page = root / "feedback" / student / TOPIC / f"{TOPIC}.html"
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


@pytest.mark.timeout(900)
def test_patching_the_grading_kernel_scores_what_the_stubs_score(course):
    assert course["totals"]["patcher"] == 0, course["cells"]["patcher"]
    assert set(course["cells"]["patcher"].values()) == {0}
    graded = nbformat.read(
        course["root"] / "autograded" / "patcher" / TOPIC / f"{TOPIC}.ipynb", as_version=4
    )
    test_cells = [c for c in graded.cells if _is_grade(c)]
    assert {c.metadata.nbgrader["grade_id"] for c in test_cells} == set(
        course["cells"]["reference"]
    )
    for cell in test_cells:  # the deleted one too: put back, scored from the run outside
        assert "Graded by the course's grader outside" in cell.outputs[0]["text"], cell.outputs
        assert cell.outputs[-1]["data"]["text/plain"] == "0.0"


@pytest.mark.timeout(900)
def test_the_reference_gets_full_marks_as_with_llm_grader_check(course):
    outcome = runner.run_topic(TOPIC, target="solutions")
    earned = sum(c["points"] for c in outcome["checks"] if c["passed"])
    assert course["totals"]["reference"] == earned == course["total"] > 0


@pytest.mark.timeout(900)
def test_feedback_carries_no_reference_and_no_hidden_check_lines(course):
    text = _feedback(course["root"], "leaker")
    # lines the learner release holds too (any topic's stubs, visible tests, READMEs) are no secret
    stub_lines = {
        line.strip()
        for p in topics.exercises_dir().rglob("*")
        if p.is_file()
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    secret = {
        line.strip()
        for p in [
            topics.solutions_dir() / TOPIC / "trends.py",
            *topics.checks_dir().joinpath(TOPIC).glob("*.py"),
        ]
        for line in p.read_text(encoding="utf-8").splitlines()
    }
    shown = {line.strip() for line in text.splitlines()}
    leaked = [line for line in secret - stub_lines if len(line) >= 20 and line in shown]
    assert not leaked, f"instructor files in the leaker's feedback: {leaked[:5]}"
    assert "not my code" in text  # the cell is there, its output is not the grader's files
    # open() and processes are refused in the grading kernel; what libc read is redacted
    assert "tried to read the grader's reference answers" in text
    assert "may not start processes" in text
    assert nbgrader_grading.REDACTED in text


def test_learner_outputs_carry_no_script_into_the_feedback(course):
    page = (course["root"] / "feedback" / "leaker" / TOPIC / f"{TOPIC}.html").read_text(
        encoding="utf-8"
    )
    assert "<b>bold</b>" in page or "<b>bold" in page, "the learner's HTML output is shown"
    assert "<script>document.title" not in page  # the cell's source shows it escaped, not as markup


def test_the_grading_kernel_cannot_write_into_the_checkout(course):
    written = TAMPER.exists()
    TAMPER.unlink(missing_ok=True)
    assert not written, "a notebook cell wrote into the grader package"
    assert "may write files only in its own folder" in _feedback(course["root"], "leaker")


@pytest.mark.timeout(900)
def test_checksum_warnings_only_for_a_locked_cell_really_edited(course):
    assert not CHECKSUM.findall(course["logs"]["reference"]), course["logs"]["reference"][-3000:]
    edited = CHECKSUM.findall(course["logs"]["leaker"])
    assert len(edited) == 1 and edited[0].startswith(f"{TOPIC}-task"), course["logs"]["leaker"][
        -3000:
    ]
    assert course["cells"]["leaker"] and max(course["cells"]["leaker"].values()) == 0


def test_redaction_hides_instructor_lines_in_every_kind_of_output():
    """The second line behind the grading kernel's guard (native code can read files)."""
    secret = sorted(nbgrader_grading.secret_lines())
    reference = next(line for line in secret if "return" in line)
    own = "my own line, printed by my own code"
    cell = nbformat.v4.new_code_cell("print(...)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"{own}\n    {reference}\n"),
        nbformat.v4.new_output(
            "error", ename="E", evalue=reference, traceback=[f"\x1b[0;31m  {reference}\x1b[0m", own]
        ),
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/html": f"<pre><span>{html.escape(reference)}</span></pre>",
                "text/plain": own,
            },
        ),
    ]
    assert nbgrader_grading.redact_outputs(cell)
    shown = json.dumps(cell.outputs)
    assert reference not in shown and json.dumps(reference)[1:-1] not in shown
    assert shown.count(own) == 3 and nbgrader_grading.REDACTED in shown
    assert "text/html" not in cell.outputs[2]["data"]
    assert not nbgrader_grading.redact_outputs(nbformat.v4.new_code_cell("1"))


def test_a_module_cell_named_like_a_path_writes_nothing_outside_the_export(tmp_path):
    """TrustedScores (and `llm-grader score`) export the module cells on the instructor's side:
    '%%module /site-packages/sitecustomize' must not become a file there."""
    from grader.run import notebook_modules

    outside = tmp_path / "site-packages" / "sitecustomize"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("%%module t7_trends.trends\nX = 1\n"),
            nbformat.v4.new_code_cell(f"%%module {outside}\nprint('every Python start runs me')\n"),
            nbformat.v4.new_code_cell(f"%%module {tmp_path}/evil.payload\nX = 2\n"),
        ]
    )
    dest = notebook_modules.export(nb, tmp_path / "code")
    assert (dest / "t7_trends" / "trends.py").read_text() == "\nX = 1\n"
    assert not outside.exists() and not (tmp_path / "evil").exists()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.py")) == [
        "code/t7_trends/__init__.py",
        "code/t7_trends/trends.py",
    ]


CONFINED = """
import os, subprocess, sys, tempfile
from grader.build import grading_kernel

class Shell:
    def register_magic_function(self, *args, **kwargs):
        pass

grading_kernel.load_ipython_extension(Shell())
attempts = {
    "read the reference": lambda: open(sys.argv[1]).read(),
    "write into the checkout": lambda: open(sys.argv[2], "w"),
    "start a process": lambda: subprocess.run(["true"]),
    "link out of the kernel's folder": lambda: os.symlink(sys.argv[2], tempfile.gettempdir() + "/l"),
    "sqlite outside": lambda: __import__("sqlite3").connect(sys.argv[2]),
}
for what, attempt in attempts.items():
    try:
        attempt()
        print("ALLOWED", what)
    except PermissionError as exc:
        print("refused", what, exc)
with open(os.path.join(tempfile.gettempdir(), "mine.txt"), "w") as f:  # its own folder: fine
    f.write("ok")
with open("here.txt", "w") as f:  # the notebook's folder: fine
    f.write("ok")
print("wrote its own files")
"""


def test_the_grading_kernel_extension_confines_the_whole_process(tmp_path):
    """What --InteractiveShellApp.extra_extensions=grader.build.grading_kernel does, without a
    kernel: every frame counts as the learner's (the code here is no notebook cell)."""
    target = topics.package_root() / "grader" / "run" / "written_by_a_kernel.py"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CONFINED,
            str(topics.solutions_dir() / TOPIC / "trends.py"),
            str(target),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(topics.package_root())),
        check=False,
    )
    written = target.exists()
    target.unlink(missing_ok=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ALLOWED" not in done.stdout and not written, done.stdout
    assert done.stdout.count("refused") == 5 and "wrote its own files" in done.stdout, done.stdout
    assert (tmp_path / "here.txt").exists()
