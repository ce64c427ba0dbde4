"""One notebook per topic for learners, with a check cell right under every task.

    llm-grader notebooks OUT_DIR [TOPIC ...] [--target solutions|exercises|PATH]

Generated, never edited by hand: from the reference in solutions/ (its ``### BEGIN SOLUTION
(task K)`` regions say which task each function belongs to), the stubs made from it (the
default target) or a folder of modules (PATH: e.g. a learner's exercises/ in progress), and
the topic README (its ``### Task K`` sections). Layout:

- the README's introduction and a short "how this notebook works";
- a set-up cell (installs the workshop when the kernel lacks it, only if told where from:
  offline stays the default) and a read-only cell naming which checks test which task (the
  same map is in the notebook's metadata, ``llm_grader``);
- read-only cells with each module's imports and given code;
- per task: its README text, the code cell(s) holding exactly that task's definitions (a
  ``%%module NAME part I/N`` cell: part I of module NAME, see ``grader.run.notebook_modules``),
  and a check cell ``check(K)``;
- a last ``check()``: the whole topic, hidden checks included where installed.

A top-level definition goes under the first task whose region it holds (a class with the
regions of tasks 2 and 3 sits under task 2; task 3's section says so). Given code goes to
the top, except a statement that needs a task's definition when the module runs (an import
of a sibling module's task function, a constant computed with one): that one follows the
task it needs, read-only. Which checks test which task comes from ``task_trace`` (the
checks run once on an instrumented reference at build time).
"""

from __future__ import annotations

import ast
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import v4

from grader.build import nbgrader_course, sync, task_trace
from grader.core import regions, topics

METADATA_KEY = "llm_grader"


class NotebookError(RuntimeError):
    """A topic that cannot become a learner notebook."""


@dataclass
class Chunk:
    """One top-level definition of a module, as one notebook cell."""

    module: str  # 't7_trends.trends'
    source: str  # top-level statements (with the comments above them)
    task: int | None  # None: given code
    names: list[str] = field(default_factory=list)
    after: int | None = None  # given code that needs task ``after`` when the module runs


def _region_tasks(source: str, node: ast.stmt) -> set[int]:
    return regions.tasks("\n".join(source.splitlines()[node.lineno - 1 : node.end_lineno]))


def _defined(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    names = []
    targets = (
        node.targets
        if isinstance(node, ast.Assign)
        else [node.target]
        if isinstance(node, (ast.AnnAssign, ast.AugAssign))
        else []
    )
    for target in targets:
        names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names += [(a.asname or a.name).split(".")[0] for a in node.names]
    return names


def _loads_at_import(node: ast.AST) -> set[str]:
    """Names a statement reads when the module runs (not those read inside function bodies)."""
    found: set[str] = set()

    def walk(n):
        for child in ast.iter_child_nodes(n):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for d in getattr(child, "decorator_list", []):
                    walk(d)
                walk(child.args)
                if getattr(child, "returns", None) is not None:
                    walk(child.returns)
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                found.add(child.id)
            walk(child)

    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        wrapper = ast.Module(body=[node], type_ignores=[])
        walk(wrapper)
    else:
        walk(node)
    return found


def _relative_imports(topic: str, module: str, node: ast.stmt) -> list[tuple[str, str]]:
    """(sibling module, name) pairs a ``from .x import name`` statement reads."""
    if not isinstance(node, ast.ImportFrom):
        return []
    package = module if module == topic else module.rsplit(".", 1)[0]
    base = node.module or ""
    if node.level:
        base = f"{package}.{base}" if base else package
    if base == topic or not base.startswith(topic + "."):
        return []
    return [(base, a.name) for a in node.names]


def tasks_of_names(solution_source: str) -> dict[str, set[int]]:
    """Top-level name -> the tasks whose regions its definition holds (solution file)."""
    tree = ast.parse(solution_source)
    out = {}
    for node in tree.body:
        tasks = _region_tasks(solution_source, node)
        if tasks:
            for name in _defined(node):
                out[name] = tasks
    return out


def task_of_names(solution_source: str) -> dict[str, int]:
    """Top-level name -> the first task whose region its definition holds: its cell's task."""
    return {name: min(tasks) for name, tasks in tasks_of_names(solution_source).items()}


def split_module(
    topic: str,
    module: str,
    source: str,
    tasks_by_name: dict[str, int],
    sibling_tasks: dict[str, dict[str, int]],
) -> list[Chunk]:
    """``source`` (the target's text of ``module``) as chunks: each top-level statement with
    the comments and blank lines above it, its task from ``tasks_by_name`` (the reference's)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    chunks: list[Chunk] = []
    start = 0
    needs: dict[str, int] = {}  # a given name -> the task it waits for
    body = tree.body
    for i, node in enumerate(body):
        last = node.end_lineno if i + 1 < len(body) else len(lines)
        for j in range(last, body[i + 1].lineno - 1 if i + 1 < len(body) else last):
            if lines[j][:1] in (" ", "\t") and lines[j].strip().startswith("#"):
                last = j + 1  # an indented comment after a body (a region's END marker) is its own
        text = "".join(lines[start:last])
        start = last
        names = _defined(node)
        is_header = (
            i == 0
            and isinstance(node, ast.Expr)
            or (isinstance(node, ast.ImportFrom) and node.module == "__future__")
        )
        task = (
            None
            if is_header
            else min((tasks_by_name[n] for n in names if n in tasks_by_name), default=None)
        )
        after = None
        if task is None and not is_header:
            waits = [tasks_by_name[n] for n in _loads_at_import(node) if n in tasks_by_name]
            waits += [needs[n] for n in _loads_at_import(node) if n in needs]
            waits += [
                sibling_tasks.get(m, {}).get(n) for m, n in _relative_imports(topic, module, node)
            ]
            waits = [w for w in waits if w is not None]
            if waits:
                after = max(waits)
                for n in names:
                    needs[n] = after
        chunks.append(Chunk(module, text, task, names, after))
    return chunks


def _target_source(topic: str, path: Path, target: str) -> str:
    rel = path.relative_to(topics.solutions_dir()).as_posix()
    text = path.read_text(encoding="utf-8")
    if target == "solutions":
        return text
    if target == "exercises":
        return sync.make_stub(text, rel)
    folder = topics.resolve_target(target).root
    mine = folder / rel
    if not mine.exists():
        raise NotebookError(f"{target}: {mine} is missing")
    return mine.read_text(encoding="utf-8")


def topic_chunks(topic: str, target: str = "exercises"):
    """The topic's notebook modules (in run order), their chunks, and for every task the
    definitions holding its regions ((task, module, name) triples, from the reference)."""
    modules = nbgrader_course.topic_modules(topic)
    paths = {nbgrader_course._module_name(topic, p): p for p in topics.solution_files(topic)}
    regions = {m.name: tasks_of_names(paths[m.name].read_text(encoding="utf-8")) for m in modules}
    names = {m: {n: min(t) for n, t in r.items()} for m, r in regions.items()}
    chunks = []
    for m in modules:
        source = _target_source(topic, paths[m.name], target)
        chunks += split_module(topic, m.name, source, names[m.name], names)
    holders = sorted((t, m, n) for m, r in regions.items() for n, ts in r.items() for t in ts)
    return modules, chunks, holders


HOW_TO = """## How this notebook works

Run the cells from the top (**Run All** is fine). The first code cell sets things up and
says whether the environment is ready. Cells starting with `%%module {example} part I/N`
hold part I of a module of this topic (in the repository: `exercises/{topic}/`); all the
parts together are the module, so a function you define here is what the checks import.
Read-only cells hold the given code: run them, do not change them.

Under every task: the cell(s) you fill in (replace `# YOUR CODE HERE` and the
`raise NotImplementedError(...)` line), then a check cell. `check(K)` runs task K's
visible checks on the code you ran, in a separate sandboxed process (the same checks as
`pytest exercises/{topic}` and `llm-grader check`), and prints each check's verdict and,
for a failure, what was expected, what came and the likely mistake. It never stops
"Run All": a failing check is printed, not raised. `hint(K)` shows the next hint for task
K. The last cell, `check()`, runs the whole topic, hidden checks included when they are
installed, and gives the same score as `llm-grader check`."""

SETUP = """# Set-up: run this cell first. It loads the workshop's grader (which checks your code) and
# the %%module cells' magic. Offline by default: nothing is installed or downloaded unless
# INSTALL_FROM names a source (your instructor gives it for Colab or a fresh Jupyter): a git
# URL or folder of the workshop (cloned, then installed with pip install -e).
INSTALL_FROM = {install!r}
import importlib.util
try:
    ready = importlib.util.find_spec("grader.learner.notebook_check") is not None
except ModuleNotFoundError:  # no grader package at all
    ready = False
if not ready:
    if not INSTALL_FROM:
        raise ModuleNotFoundError(
            "This kernel has no workshop grader. In a terminal, in the workshop folder: "
            "`pip install -e .` then restart the kernel (VS Code: pick the workshop's .venv as "
            "the kernel). In Colab: set INSTALL_FROM above to the URL your instructor gave.")
    import os, subprocess, sys
    folder = INSTALL_FROM if os.path.isdir(INSTALL_FROM) else "llm-deep-dive"
    if not os.path.isdir(folder):
        subprocess.run(["git", "clone", "--depth", "1", INSTALL_FROM, folder], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", folder], check=True)
    os.environ["LLM_WORKSHOP_ROOT"] = os.path.abspath(folder)
    sys.path.insert(0, os.path.abspath(folder))
    importlib.invalidate_caches()
%load_ext grader.learner.notebook_check"""

START = """# Which checks test which task: computed by `llm-grader notebooks` on the reference (also in
# this notebook's metadata). This cell also verifies the environment.
from grader.learner.notebook_check import check, hint, start
start({topic!r}, {tasks})"""


def _cell_id(topic: str, n: int) -> str:
    return f"{topic.split('_')[0]}-{n:03d}"


def _read_only(cell):
    cell.metadata.update({"deletable": False, "editable": False})
    return cell


def _magic(chunk_module: str, index: int, total: int, text: str) -> str:
    return f"%%module {chunk_module} part {index}/{total}\n{text.strip(chr(10))}\n"


def task_plan(readme, modules, chunks, holders, checked, tasks=()) -> list[tuple[str, object]]:
    """The cells of a per-task notebook, as (kind, payload) in notebook order: "given"
    (module, code) read-only code, "markdown" text, "task" (module, code, task) the code of a
    task, "check" task (for every task in ``checked``). Every README task, every task with code,
    in ``checked`` or in ``tasks`` gets its section. Given code at the top; per task its
    README section, its code, its check, then given code that needed it. The learner
    notebooks and the nbgrader course share this layout."""
    names_task = {(c.module, n): c.task for c in chunks if c.task is not None for n in c.names}
    task_list = sorted(
        set(readme.tasks)
        | {c.task for c in chunks if c.task is not None}
        | set(checked)
        | set(tasks)
    )
    plan: list[tuple[str, object]] = []
    for m in modules:
        given = [c for c in chunks if c.module == m.name and c.task is None and c.after is None]
        if given:
            plan.append(("given", (m.name, "".join(c.source for c in given))))
    for task in task_list:
        text = readme.tasks.get(task, f"### Task {task}")
        plan.append(("markdown", text))
        mine = [c for c in chunks if c.task == task]
        for m in modules:
            code = "".join(c.source for c in mine if c.module == m.name)
            if code:
                plan.append(("task", (m.name, code, task)))
        if not mine and task in checked:
            where = (
                ", ".join(
                    f"`{n}` (the cell under Task {names_task[(m, n)]})"
                    for t, m, n in holders
                    if t == task
                )
                or "the cells above"
            )
            plan.append(("markdown", f"*The code of Task {task} sits in {where}.*"))
        if task in checked:
            plan.append(("check", task))
        late = [c for c in chunks if c.after == task]
        for m in modules:
            code = "".join(c.source for c in late if c.module == m.name)
            if code:
                plan.append(("given", (m.name, code)))
    return plan


def part_totals(plan) -> dict[str, int]:
    """Module name -> how many code cells (parts) of the plan hold it."""
    totals: dict[str, int] = {}
    for kind, payload in plan:
        if kind in ("given", "task"):
            totals[payload[0]] = totals.get(payload[0], 0) + 1
    return totals


def build_notebook(
    topic: str, checks: list[dict], target: str = "exercises", install_from: str = ""
) -> nbformat.NotebookNode:
    """The learner notebook of ``topic`` given its check records (each with its ``task``)."""
    readme = nbgrader_course.read_readme(topic)
    modules, chunks, holders = topic_chunks(topic, target)
    visible: dict[int, list[str]] = {}
    for c in checks:
        if not c["hidden"]:
            visible.setdefault(c["task"], []).append(c["id"])
    plan = task_plan(readme, modules, chunks, holders, set(visible), {c["task"] for c in checks})
    totals = part_totals(plan)
    example = next((m.name for m in modules if not m.given), modules[0].name)
    tasks_literal = (
        "{\n"
        + "".join(f"    {t}: {json.dumps(ids)},\n" for t, ids in sorted(visible.items()))
        + "}"
    )
    cells = [
        v4.new_markdown_cell(readme.intro),
        v4.new_markdown_cell(HOW_TO.format(example=example, topic=topic)),
        v4.new_code_cell(SETUP.format(install=install_from)),
        _read_only(v4.new_code_cell(START.format(topic=topic, tasks=tasks_literal))),
    ]
    cells[-1].metadata["jupyter"] = {"source_hidden": True}
    if readme.tasks_intro:
        cells.append(v4.new_markdown_cell(readme.tasks_intro))
    seen: dict[str, int] = {}
    for kind, payload in plan:
        if kind == "markdown":
            cells.append(v4.new_markdown_cell(payload))
        elif kind == "check":
            cells.append(_read_only(v4.new_code_cell(f"check({payload})")))
        else:
            name, code = payload[:2]
            index = seen.get(name, 0)
            seen[name] = index + 1
            cell = v4.new_code_cell(_magic(name, index, totals[name], code))
            cells.append(_read_only(cell) if kind == "given" else cell)
            cell.metadata[METADATA_KEY] = {"module": name, "part": index, "kind": kind}
    cells.append(
        v4.new_markdown_cell(
            "## Your score\n\nAll of this topic's checks (hidden ones too, when installed): the "
            "score `llm-grader check` gives."
        )
    )
    cells.append(_read_only(v4.new_code_cell("check()")))
    if readme.outro:
        cells.append(v4.new_markdown_cell(readme.outro))
    for n, cell in enumerate(cells):
        cell["id"] = _cell_id(topic, n)
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(nbgrader_course.KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata[METADATA_KEY] = {
        "topic": topic,
        "target": target if target in ("exercises", "solutions") else "path",
        "tasks": {str(t): ids for t, ids in sorted(visible.items())},
        "generated_by": "llm-grader notebooks (do not edit: regenerate)",
    }
    return nb


def build(
    out_dir: Path, selected=None, target: str = "exercises", install_from: str = "", say=print
) -> dict[str, Path]:
    """Write ``OUT_DIR/tN_name.ipynb`` for each ready topic; returns topic -> path. A topic
    that cannot be built is reported and left out."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    chosen = selected or topics.available_topics()
    ready = nbgrader_course.ready_topics(chosen)
    with tempfile.TemporaryDirectory() as work:
        for topic in chosen:
            if topic not in ready:
                say(f"skipped {topic}: it has no solution regions or no checks yet")
                continue
            say(f"{topic}: running the checks on the reference to map them to tasks…")
            try:
                checks = task_trace.trace_topic(topic, Path(work))
                nb = build_notebook(topic, checks, target, install_from)
            except (
                NotebookError,
                nbgrader_course.BuildError,
                task_trace.TraceError,
                topics.UsageError,
            ) as exc:
                say(f"failed {topic}: {exc}")
                continue
            path = out_dir / f"{topic}.ipynb"
            nbformat.write(nb, path)
            written[topic] = path
            say(
                f"wrote {path} ({sum(len(v) for v in nb.metadata[METADATA_KEY]['tasks'].values())} "
                f"visible checks under {len(nb.metadata[METADATA_KEY]['tasks'])} tasks)"
            )
    return written
