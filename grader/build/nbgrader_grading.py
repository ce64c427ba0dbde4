"""The instructor's side of nbgrader's autograde: scores computed where no learner cell reaches.

nbgrader runs every learner cell in the grading kernel, so nothing the kernel prints or
returns can be trusted: a cell can replace ``grader.build.notebook.score``, ``print``, the
display hook, or rewrite the test cells before they run. The generated ``nbgrader_config.py``
therefore adds two preprocessors of this module to ``nbgrader autograde``:

- :class:`TrustedScores`, after the kernel has run the notebook and before nbgrader saves the
  grades: it writes the notebook's ``%%module`` cells to a folder, runs the topic's checks on
  it in the sandbox (``runner.run_topic``, the run of ``llm-grader check``, with the budget
  and memory cap the kernel used), and replaces the outputs of every autograded test cell
  with that run's pass/fail lines and points. Which checks a test cell holds comes from the
  gradebook's copy of the cell (the instructor's, hidden part included), never from the
  submission. It also redacts, from the outputs of every other cell, each line of the
  reference solutions or hidden checks that the learner release does not hold (the grading
  kernel refuses to read those files, see ``grading_kernel``; this catches what bypasses it).
- :class:`LockedCells` (nbgrader's ``OverwriteCells``): a locked cell whose hidden tests the
  release cleared is compared with the release's version, so nbgrader's "checksum has
  changed" warning means that the learner really edited it.
"""

from __future__ import annotations

import ast
import copy
import functools
import html
import re
import tempfile
from pathlib import Path

from nbformat import v4
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells

from grader.build import notebook
from grader.core import topics
from grader.run import notebook_modules, runner, sandbox

MIN_SECRET = 12  # shorter lines (`return x`, `)`) give nothing away and are everywhere
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TAG = re.compile(r"<[^>]+>")
REDACTED = "[hidden: a line of the grader's reference or hidden checks]"
RICH_REDACTED = "[hidden: this output showed the grader's reference or hidden checks]"
TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")


def cell_checks(source: str) -> tuple[str | None, list[str]]:
    """(topic, check ids) of a test cell's ``checks('t7_trends', [...])`` calls; the list may
    also be a name the cell builds from literals (``ids = [...]``, ``ids += [...]``)."""
    topic, ids, names = None, [], {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None, []

    def literal(node):
        try:
            value = names.get(node.id) if isinstance(node, ast.Name) else ast.literal_eval(node)
        except ValueError:
            return None
        return value if isinstance(value, list) else None

    for statement in tree.body:
        target = getattr(statement, "target", None) or next(
            iter(getattr(statement, "targets", [])), None
        )
        if (
            isinstance(target, ast.Name)
            and isinstance(statement, (ast.Assign, ast.AugAssign))
            and (value := literal(statement.value)) is not None
        ):
            names[target.id] = (
                names.get(target.id, []) if isinstance(statement, ast.AugAssign) else []
            ) + value
        for node in ast.walk(statement):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "checks"
                and len(node.args) == 2
            ):
                listed = literal(node.args[1])
                try:
                    name = ast.literal_eval(node.args[0])
                except ValueError:
                    continue
                if listed is not None:
                    topic = topic or name
                    ids += [i for i in listed if isinstance(i, str)]
    return topic, ids


def _lines(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found.update(s for line in text.splitlines() if len(s := line.strip()) >= MIN_SECRET)
    return found


@functools.lru_cache(maxsize=1)
def secret_lines() -> frozenset[str]:
    """Lines of the reference and of the hidden checks that the learner release lacks."""
    secret = set()
    for folder in (topics.solutions_dir(), topics.checks_dir()):
        if folder.is_dir():
            secret |= _lines(folder)
    return frozenset(secret - _lines(topics.exercises_dir()))


def redact_text(text: str, secret=None) -> tuple[str, bool]:
    """``text`` with every line that is a secret line (colours and HTML entities aside)
    replaced by a notice; and whether anything was."""
    secret = secret_lines() if secret is None else secret
    out, hit = [], False
    for line in text.split("\n"):
        plain = html.unescape(ANSI.sub("", line)).strip()
        if len(plain) >= MIN_SECRET and plain in secret:
            out.append(REDACTED)
            hit = True
        else:
            out.append(line)
    return "\n".join(out), hit


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _rich_leaks(text: str, secret) -> bool:
    """Does markup show a secret line (tags and entities removed, whatever the wrapping)?"""
    plain = html.unescape(TAG.sub("", ANSI.sub("", text)))
    return any(len(s := line.strip()) >= MIN_SECRET and s in secret for line in plain.splitlines())


def redact_outputs(cell, secret=None) -> bool:
    """Redact a cell's outputs in place; True when something was."""
    secret = secret_lines() if secret is None else secret
    hit = False
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            output["text"], found = redact_text(_joined(output.get("text", "")), secret)
            hit |= found
        elif kind == "error":
            frames = []
            for frame in output.get("traceback", []):
                frame, found = redact_text(frame, secret)
                frames.append(frame)
                hit |= found
            output["traceback"] = frames
            output["evalue"], found = redact_text(str(output.get("evalue", "")), secret)
            hit |= found
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            for mime in list(data):
                if mime == "text/plain":
                    data[mime], found = redact_text(_joined(data[mime]), secret)
                    hit |= found
                elif mime.startswith(TEXT_TYPES) and _rich_leaks(_joined(data[mime]), secret):
                    del data[mime]
                    data.setdefault("text/plain", RICH_REDACTED)
                    hit = True
    return hit


def _report(outcome: dict, ids: list[str]) -> tuple[str, float]:
    lines, earned = notebook.results(outcome, ids)
    head = (
        "Graded by the course's grader outside this notebook's kernel: the checks of "
        "`llm-grader check` on the code of the module cells above."
    )
    return "\n".join([head, *lines]) + "\n", earned


def trusted_outcome(nb, topic: str) -> dict:
    """The topic's checks run on the notebook's ``%%module`` cells, in the sandbox."""
    with tempfile.TemporaryDirectory(prefix="llm-grader-nbgrader-") as work:
        try:
            target = notebook_modules.export(nb, Path(work) / "code")
        except notebook_modules.ExportError as exc:
            return {"checks": [], "error": str(exc), "log": ""}
        budget, memory = notebook.limits()
        return runner.run_topic(
            topic,
            target=str(target),
            budget_s=budget,
            limits=sandbox.Limits(memory_mb=memory or None),
        )


class TrustedScores(NbGraderPreprocessor):
    """Replace every autograded test cell's outputs with the points of a check run done here,
    out of the kernel; redact instructor files from every other cell's outputs."""

    def preprocess(self, nb, resources):
        """Score the notebook's test cells from a check run of its module cells."""
        info = resources["nbgrader"]
        graded = {}
        with Gradebook(info["db_url"]) as gb:
            for cell in nb.cells:
                if cell.cell_type == "code" and utils.is_grade(cell):
                    grade_id = cell.metadata.nbgrader["grade_id"]
                    try:
                        source = gb.find_source_cell(
                            grade_id, info["notebook"], info["assignment"]
                        ).source
                    except MissingEntry:
                        continue  # OverwriteCells has already dropped such a cell's grade_id
                    graded[grade_id] = cell_checks(source)
        wanted = {topic for topic, _ in graded.values() if topic}
        outcomes = {}
        for topic in sorted(wanted):
            self.log.info("Running the checks of %s on the module cells, outside the kernel", topic)
            try:
                outcomes[topic] = trusted_outcome(nb, topic)
            except Exception as exc:  # the cell scores 0 and says why; the next learner is graded
                outcomes[topic] = {"checks": [], "error": f"{type(exc).__name__}: {exc}", "log": ""}
        secret = secret_lines()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if utils.is_grade(cell) and grade_id in graded:
                topic, ids = graded[grade_id]
                outcome = outcomes.get(topic) or {
                    "checks": [],
                    "error": "this cell names no checks",
                }
                text, points = _report(outcome, ids)
                text, _ = redact_text(text, secret)  # messages quote what the code returned
                points = min(points, float(cell.metadata.nbgrader.get("points", points)))
                cell.outputs = [
                    v4.new_output("stream", name="stdout", text=text),
                    v4.new_output(
                        "execute_result",
                        data={"text/plain": repr(points)},
                        execution_count=cell.get("execution_count"),
                    ),
                ]
            elif redact_outputs(cell, secret):
                self.log.warning("Redacted instructor files from the outputs of a cell")
        return nb, resources


class LockedCells(OverwriteCells):
    """nbgrader's OverwriteCells, but a locked cell whose hidden tests the release cleared is
    compared with the release's version of it: then only a real edit raises "checksum has
    changed" (the cell gets the gradebook's source, hidden tests included, either way)."""

    def preprocess_cell(self, cell, resources, cell_index):
        """OverwriteCells' checks, with the release's version of a cleared test cell."""
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            try:
                source_cell = self.gradebook.find_source_cell(
                    grade_id, self.notebook_id, self.assignment_id
                )
            except MissingEntry:
                source_cell = None
            if source_cell is not None and source_cell.locked and cell.source != source_cell.source:
                released = copy.deepcopy(cell)
                released.source = source_cell.source
                try:
                    cleared = ClearHiddenTests(parent=self)._remove_hidden_test_region(released)
                except RuntimeError:
                    cleared = False
                if cleared and released.source == cell.source:
                    cell.source = source_cell.source
        return super().preprocess_cell(cell, resources, cell_index)
