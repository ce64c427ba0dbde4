"""Write the workshop as an nbgrader course: one source notebook per topic, same checks.

    llm-grader nbgrader build COURSE_DIR

Each ``source/tN_name/tN_name.ipynb`` has the layout of the learner notebooks
(``learner_notebooks.task_plan``): the topic README's introduction, read-only cells with the
modules' given code, then per task its README section, its solution cell(s) (``%%module NAME
part I/N``: the reference's definitions of that task, whose ``### BEGIN SOLUTION`` regions
are nbgrader's own markers) and right under them its autograded cell, whose points are the
task's checks' points; so a learner's feedback sits under each task. The checks themselves
are not copied: a test cell names check ids, visible ones in the open and hidden ones inside
``### BEGIN HIDDEN TESTS``, and ``grader.build.notebook.checks`` runs them. Which task a check
belongs to comes from running the checks on an instrumented reference (``task_trace``).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import v4

from grader.build import grading_kernel, notebook, task_trace
from grader.core import regions, topics
from grader.run import notebook_modules, runner

COURSE_ID = "llm-deep-dive"
KERNEL_NAME = "python3"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}
MANIFEST = "llm_grader_course.json"
CONFIG_MARK = "# written by `llm-grader nbgrader build`"
TASK_HEADING = re.compile(r"^### Task (\d+)\b", re.MULTILINE)
TARGET_MODULE = re.compile(r"""target\.module\(\s*["']([\w.]+)["']""")


class BuildError(RuntimeError):
    """A topic that cannot become a notebook."""


@dataclass
class Module:
    """One module of a topic as the notebook shows it: its given code and its solution regions."""

    name: str  # 't1_tokens.bpe' ('t1_tokens' for a package __init__)
    source: str
    tasks: list[int] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)

    @property
    def given(self) -> bool:
        """The module's code outside its solution regions."""
        return not self.tasks


def _module_name(topic: str, path: Path) -> str:
    rel = path.relative_to(topics.solutions_dir() / topic).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join([topic, *parts])


def _imports(topic: str, name: str, source: str) -> set[str]:
    """The topic's modules that ``source`` imports (relative or absolute, anywhere in it)."""
    package = name if name == topic else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = f"{package}.{base}" if base else package
            if base == topic:
                found.update(f"{topic}.{a.name}" for a in node.names)
            elif base.startswith(topic + "."):
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(topic + "."))
    return found - {name}


def _checked_modules(topic: str) -> set[str]:
    """Module names the checks import from the code under test (``target.module``)."""
    return {m for f in runner.check_files(topic) for m in TARGET_MODULE.findall(f.read_text())}


def topic_modules(topic: str) -> list[Module]:
    """The modules a notebook holds, in the order they must run: modules with solution
    regions, and the given modules that those or the checks import. Scripts nobody imports
    (a capstone's command line, a model builder) stay out."""
    modules = {}
    for path in topics.solution_files(topic):
        source = path.read_text(encoding="utf-8")
        name = _module_name(topic, path)
        if name.count(".") > 1:
            raise BuildError(
                f"{topic}: {path.name} sits in a subfolder; notebooks hold flat topics"
            )
        tasks = sorted(regions.tasks(source))
        if name == topic and not tasks and not _has_code(source):
            continue  # a docstring-only __init__: the notebook makes the package itself
        modules[name] = Module(name, source, tasks, _imports(topic, name, source))
    needed = {n for n, m in modules.items() if m.tasks} | (_checked_modules(topic) & set(modules))
    stack = list(needed)
    while stack:
        for dep in modules[stack.pop()].imports & set(modules):
            if dep not in needed:
                needed.add(dep)
                stack.append(dep)
    pending = sorted((modules[n] for n in needed), key=lambda m: (not m.given, m.tasks[:1], m.name))
    ordered: list[Module] = []
    while pending:  # imports first, otherwise given modules, then by first task
        ready = next(
            (m for m in pending if not (m.imports & {p.name for p in pending})), pending[0]
        )
        pending.remove(ready)
        ordered.append(ready)
    return ordered


def _has_code(source: str) -> bool:
    body = ast.parse(source).body
    return any(
        not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        and not (isinstance(s, ast.ImportFrom) and s.module == "__future__")
        for s in body
    )


@dataclass
class Readme:
    """A topic README split into the parts a notebook shows."""

    intro: str  # title and background, without the repository's "How to work"
    tasks_intro: str  # text between "## Tasks" and the first task
    tasks: dict[int, str]  # task number -> its section
    outro: str  # what you should see, stretch goals, ...


def _sections(text: str) -> list[str]:
    """Split at level-2 headings (outside code fences), keeping each heading with its body."""
    sections, current, fenced = [], [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced and current:
            sections.append("\n".join(current).strip())
            current = []
        current.append(line)
    sections.append("\n".join(current).strip())
    return sections


def read_readme(topic: str) -> Readme:
    """The topic's README, split for the notebook."""
    path = topics.exercises_dir() / topic / "README.md"
    if not path.exists():
        raise BuildError(f"{topic}: {path} is missing")
    intro, outro, tasks_intro, tasks = [], [], "", {}
    seen_tasks = False
    for section in _sections(path.read_text(encoding="utf-8")):
        heading = section.splitlines()[0]
        if heading.strip() == "## How to work":
            continue
        if heading.strip() == "## Tasks":
            seen_tasks = True
            starts = [m.start() for m in TASK_HEADING.finditer(section)]
            tasks_intro = section[: starts[0] if starts else len(section)].strip()
            for start, end in zip(starts, starts[1:] + [len(section)]):
                part = section[start:end].strip()
                tasks[int(TASK_HEADING.match(part).group(1))] = part
        else:
            (outro if seen_tasks else intro).append(section)
    return Readme("\n\n".join(intro), tasks_intro, tasks, "\n\n".join(outro))


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    cell = {"nbgrader": meta}
    if locked:
        cell.update(deletable=False, editable=False)
    elif grade or solution:
        cell["deletable"] = False
    return cell


def _grade_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


HOW_TO = """## Working in this notebook

Run the first code cell before any other (**Run All** from the top is fine). Cells starting
with `%%module {example} part I/N` hold part I of a module of this topic (in the repository:
`exercises/{topic}/`); all the parts together are the module, so a function you define
here is what the checks import. Cells without `YOUR CODE HERE` are given code: they are
read-only, but run them.

Under every task: the cell(s) you fill in (replace `# YOUR CODE HERE` and the
`raise NotImplementedError()` line, then run the cell), then the task's check cell. It
grades the code above it with the same checks as `llm-grader check`, in a separate
sandboxed process, and is worth the points of the task's checks; it gives the points of
those that pass. Hidden checks run only when the notebook is graded; the feedback you get
back sits under each task."""

SETUP = """# Run this cell first: it makes `%%module` cells work.
%load_ext grader.build.notebook"""


def _test_source(topic: str, task: int, title: str, checks: list[dict]) -> str:
    visible = [c["id"] for c in checks if not c["hidden"]]
    hidden = [c["id"] for c in checks if c["hidden"]]

    def listing(ids):
        return "[\n" + "".join(f"    {i!r},\n" for i in ids) + "]"

    points = sum(c["points"] for c in checks)
    lines = [
        f"# {title} ({points:g} points): the checks of the code above",
        "from grader.build.notebook import checks",
        "",
        f"ids = {listing(visible)}" if visible else "ids = []",
    ]
    if hidden:
        lines += ["### BEGIN HIDDEN TESTS", f"ids += {listing(hidden)}", "### END HIDDEN TESTS"]
    lines += [f"points = checks({topic!r}, ids, task={task})", "points"]
    return "\n".join(lines)


def _task_title(readme: Readme, task: int) -> str:
    section = readme.tasks.get(task, "")
    return section.splitlines()[0].lstrip("# ").strip() if section else f"Task {task}"


def build_notebook(topic: str, checks: list[dict]) -> nbformat.NotebookNode:
    """The source notebook of ``topic`` given its check records (each with its ``task``):
    the layout of the learner notebooks (``learner_notebooks.task_plan``), with nbgrader's
    cells: per task its README section, its solution cell(s) (``%%module NAME part I/N``,
    the reference with its regions), then its autograded cell."""
    from grader.build import learner_notebooks  # it imports this module

    readme = read_readme(topic)
    modules, chunks, holders = learner_notebooks.topic_chunks(topic, "solutions")
    if not any(not m.given for m in modules):
        raise BuildError(f"{topic}: no solution module has a '### BEGIN SOLUTION (task K)' region")
    by_task: dict[int, list[dict]] = {}
    for check in checks:
        by_task.setdefault(check["task"], []).append(check)
    plan = learner_notebooks.task_plan(readme, modules, chunks, holders, set(by_task))
    totals = learner_notebooks.part_totals(plan)
    example = next(m for m in modules if not m.given)
    cells = [
        v4.new_markdown_cell(readme.intro),
        v4.new_markdown_cell(HOW_TO.format(example=example.name, topic=topic)),
        v4.new_code_cell(SETUP, metadata=_meta(f"{topic}-setup", locked=True)),
    ]
    if readme.tasks_intro:
        cells.append(v4.new_markdown_cell(readme.tasks_intro))
    seen: dict[str, int] = {}
    for kind, payload in plan:
        if kind == "markdown":
            cells.append(v4.new_markdown_cell(payload))
        elif kind == "check":
            group = by_task[payload]
            points = round(sum(c["points"] for c in group), 6)
            source = _test_source(topic, payload, _task_title(readme, payload), group)
            cells.append(
                v4.new_code_cell(
                    source,
                    metadata=_meta(
                        f"{topic}-task{payload}", grade=True, locked=True, points=points
                    ),
                )
            )
        else:
            name, code = payload[:2]
            index = seen.get(name, 0)
            seen[name] = index + 1
            gid = f"{_grade_id(name)}-part{index}"
            meta = _meta(gid, solution=True) if kind == "task" else _meta(gid, locked=True)
            meta[learner_notebooks.METADATA_KEY] = {
                "module": name,
                "part": index,
                "kind": kind,
                "task": payload[2] if kind == "task" else None,
            }
            cells.append(
                v4.new_code_cell(
                    learner_notebooks._magic(name, index, totals[name], code).rstrip("\n"),
                    metadata=meta,
                )
            )
    if readme.outro:
        cells.append(v4.new_markdown_cell(readme.outro))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


MODULE_CELL_TIMEOUT_S = 60  # a module cell only defines code: seconds, not minutes
CHECK_CELL_MARGIN_S = 60  # a check cell: the topic's time budget plus this

CONFIG = f'''{CONFIG_MARK}; rebuilding rewrites this file unless you delete that line.
"""nbgrader configuration of the LLM Deep Dive course."""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, ClearHiddenTests, ClearOutput, DeduplicateIds, Execute,
    GetGrades, IgnorePattern, LimitOutput, OverwriteKernelspec, SaveAutoGrades)

from grader.build.nbgrader_grading import LockedCells, TrustedScores

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "{COURSE_ID}"
# Every submission runs in this kernel, whatever kernelspec the learner's notebook names.
c.Execute.kernel_name = "{KERNEL_NAME}"

# nbgrader grades one notebook after another: what a hanging notebook costs, the whole class
# waits. The check run of a notebook (all of its topic's checks, in a sandboxed process) gets
# one time budget in seconds for all checks together, and a memory cap in MB as in
# `llm-grader score`; the kernels and their check runs read them from the environment.
os.environ.setdefault("{notebook.BUDGET_ENV}", "{notebook.TOPIC_BUDGET_S:g}")
os.environ.setdefault("{notebook.MEMORY_ENV}", "{notebook.MEMORY_MB}")


def cell_timeout(cell):
    """Seconds a cell may run before the kernel is interrupted: a check cell (the first runs
    all the checks) the budget and a margin; every other cell, module cells included (they
    only define code), {MODULE_CELL_TIMEOUT_S} s."""
    if cell.get("metadata", {{}}).get("nbgrader", {{}}).get("grade"):
        return int(float(os.environ["{notebook.BUDGET_ENV}"])) + {CHECK_CELL_MARGIN_S}
    return {MODULE_CELL_TIMEOUT_S}


c.Execute.timeout_func = cell_timeout
c.Execute.interrupt_on_timeout = True   # then go on with the next cell (nbgrader's default)

# The grading kernel runs the learner's cells: nothing it prints or returns is trusted.
# It starts confined (no reading the reference, the hidden checks or this course's
# secrets, no processes, no network, no writing outside its own folders: grading_kernel.py),
# and the test cells' outputs are replaced after it ran by a check run done here, out of
# the kernel, on the module cells' code (TrustedScores, before nbgrader saves the grades);
# every other cell's output loses any line of the reference or hidden checks.
os.environ["{grading_kernel.COURSE_ENV}"] = os.path.dirname(os.path.abspath(__file__))
c.Execute.extra_arguments = ["--InteractiveShellApp.extra_extensions=grader.build.grading_kernel",
                             "--InteractiveShellApp.reraise_ipython_extension_failures=True"]
c.Autograde.autograde_preprocessors = [
    Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
    TrustedScores, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
# A test cell the learner deleted is put back and graded instead of silently scoring 0;
# LockedCells is nbgrader's OverwriteCells that compares a test cell with the release's
# version (hidden checks cleared), so "checksum has changed" means a real edit.
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    ClearOutput, DeduplicateIds, OverwriteKernelspec, LockedCells, CheckCellMetadata]
# Feedback shows the test cells without their hidden part.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests]
# Learner outputs are HTML in the pages you and the learners open (feedback, formgrader):
# no scripts from them.
c.HTMLExporter.sanitize_html = True
'''


def ready_topics(selected=None) -> list[str]:
    """The selected topics (default: all available) that have solution regions and checks."""
    chosen = selected or topics.available_topics()
    return [
        t
        for t in chosen
        if runner.check_files(t)
        and any(regions.BEGIN in p.read_text(encoding="utf-8") for p in topics.solution_files(t))
    ]


def build(course_dir: Path, selected=None, say=print) -> dict:
    """Write ``nbgrader_config.py``, ``source/<topic>/<topic>.ipynb`` per ready topic and a
    manifest of every check's cell; returns the manifest. A topic that cannot be built is
    left out and reported under the manifest's "failed" (the others are still written)."""
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    chosen = selected or topics.available_topics()
    ready = ready_topics(chosen)
    for topic in chosen:
        if topic not in ready:
            say(f"skipped {topic}: it has no solution regions or no checks yet")
    manifest = {"course_id": COURSE_ID, "topics": {}, "failed": {}}
    with tempfile.TemporaryDirectory() as work:
        for topic in ready:
            say(f"{topic}: running the checks on the reference to map them to tasks…")
            try:
                read_readme(topic)  # the cheap failures before the check run
                topic_modules(topic)
                checks = task_trace.trace_topic(topic, Path(work))
                nb = build_notebook(topic, checks)
            except (BuildError, task_trace.TraceError) as exc:
                manifest["failed"][topic] = str(exc)
                say(f"failed {topic}: {exc}")
                continue
            out = course_dir / "source" / topic / f"{topic}.ipynb"
            out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out)
            keep = ("id", "title", "points", "hidden", "task")
            manifest["topics"][topic] = [{k: c[k] for k in keep} for c in checks]
            total = sum(c["points"] for c in checks)
            say(f"wrote {out.relative_to(course_dir)} ({len(checks)} checks, {total:g} points)")
    config = course_dir / "nbgrader_config.py"
    if not config.exists() or CONFIG_MARK in config.read_text(encoding="utf-8"):
        config.write_text(CONFIG, encoding="utf-8")
    else:
        say(f"kept {config}: it is not the generated one")
    (course_dir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


MODULE_LINE = re.compile(r"%%module (\S+)\n")


def _learner_parts(topic: str, code_root: Path) -> dict[tuple[str, int], str]:
    """(module, task) -> the code of ``code_root``'s modules that belongs in that task's
    solution cell: its definitions holding the task's regions (by name, as in the
    reference), and the learner's own additions (a helper) with the next task's code."""
    from grader.build import learner_notebooks  # it imports this module

    _, reference, _ = learner_notebooks.topic_chunks(topic, "solutions")
    given = {(c.module, n) for c in reference if c.task is None for n in c.names}
    _, chunks, _ = learner_notebooks.topic_chunks(topic, str(code_root))
    code: dict[tuple[str, int], str] = {}
    pending: dict[str, list[str]] = {}  # module -> additions waiting for a task's code
    last: dict[str, int] = {}
    for chunk in chunks:
        if chunk.task is None:
            if (
                chunk.after is None
                and chunk.names
                and not all((chunk.module, n) in given for n in chunk.names)
            ):
                pending.setdefault(chunk.module, []).append(chunk.source)
            continue
        key = (chunk.module, chunk.task)
        code[key] = code.get(key, "") + "".join(pending.pop(chunk.module, [])) + chunk.source
        last[chunk.module] = chunk.task
    for module, extra in pending.items():  # additions after the module's last task code
        if module in last:
            code[(module, last[module])] += "".join(extra)
    return code


def fill_in(release: nbformat.NotebookNode, code_root: Path) -> nbformat.NotebookNode:
    """A copy of a release notebook whose solution cells hold the code found in ``code_root``
    (a folder laid out like exercises/): a learner's repository work as an nbgrader
    submission, or the reference / a mutant in the tests. Each task's solution cell gets the
    definitions of that task (``%%module NAME part I/N`` cells); a whole-module cell (a
    notebook built before the per-task layout) the whole module."""
    from grader.build import learner_notebooks  # it imports this module

    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    parts: dict[str, dict] = {}
    for cell in nb.cells:
        meta = cell.metadata
        if cell.cell_type != "code" or not meta.get("nbgrader", {}).get("solution"):
            continue
        where = meta.get(learner_notebooks.METADATA_KEY)
        match = notebook_modules.MAGIC_RE.match(cell.source)
        if where and where.get("task") is not None and match:
            topic = where["module"].split(".")[0]
            if topic not in parts:
                parts[topic] = _learner_parts(topic, code_root)
            body = parts[topic].get((where["module"], where["task"]), "")
            cell.source = match.group(0).rstrip("\n") + "\n" + body.strip("\n")
            continue
        match = MODULE_LINE.match(cell.source)
        if match:
            names = match.group(1).split(".")
            path = (
                code_root.joinpath(*names, "__init__.py")
                if len(names) == 1
                else code_root.joinpath(*names[:-1], names[-1] + ".py")
            )
            cell.source = match.group(0) + path.read_text(encoding="utf-8")
    return nb


def nbgrader(course_dir: Path, *args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    """Run the nbgrader command line in a course folder with this interpreter (nbgrader
    starts ``alembic`` by name, so this environment's bin/ goes first on PATH)."""
    env = dict(
        os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
