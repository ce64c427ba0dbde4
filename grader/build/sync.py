"""Generate learner stubs in exercises/ from the reference code in solutions/.

Each ``### BEGIN SOLUTION (task K)`` … ``### END SOLUTION`` region becomes
``# YOUR CODE HERE`` and a ``raise NotImplementedError`` naming the function and the
README task. A manifest (exercises/.stubs.json) records the hash of every generated
file, so a stub the learner has edited is recognised and never overwritten unless forced.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from grader.core import topics
from grader.core.regions import BEGIN, END, TASK_RE

MANIFEST = ".stubs.json"


class SyncError(ValueError):
    """A solution file whose regions cannot be turned into a stub."""


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, first line, last line) of every function, classes included in names."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + node.name
            yield name, node.lineno, node.end_lineno
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")


def _enclosing_function(funcs, lineno: int) -> str | None:
    inside = [(start, name) for name, start, end in funcs if start <= lineno <= end]
    return max(inside)[1] if inside else None


def make_stub(source: str, rel_path: str) -> str:
    """The stub for one solution file (rel_path like 't1_tokens/bpe.py', used in messages)."""
    if BEGIN not in source:
        return source
    funcs = list(_functions(ast.parse(source)))
    topic = rel_path.split("/")[0]
    out: list[str] = []
    region_start = None
    for lineno, line in enumerate(source.splitlines(keepends=True), start=1):
        if BEGIN in line:
            if region_start is not None:
                raise SyncError(
                    f"{rel_path}:{lineno}: nested {BEGIN} (the one at line {region_start} is open)"
                )
            region_start = lineno
            task = TASK_RE.search(line)
            if not task:
                raise SyncError(
                    f"{rel_path}:{lineno}: write the README task number: '### {BEGIN} (task K)'"
                )
            function = _enclosing_function(funcs, lineno)
            if function is None:
                raise SyncError(f"{rel_path}:{lineno}: solution regions must sit inside a function")
            indent = line[: len(line) - len(line.lstrip())]
            message = f"{function} — task {task.group(1)} in exercises/{topic}/README.md"
            out.append(f"{indent}# YOUR CODE HERE\n")
            out.append(
                f"{indent}raise NotImplementedError({json.dumps(message, ensure_ascii=False)})\n"
            )
        elif END in line:
            if region_start is None:
                raise SyncError(f"{rel_path}:{lineno}: {END} without {BEGIN}")
            region_start = None
        elif region_start is None:
            out.append(line)
    if region_start is not None:
        raise SyncError(f"{rel_path}:{region_start}: {BEGIN} is never closed")
    stub = "".join(out)
    ast.parse(stub)  # a stub must at least import
    return stub


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class StubFile:
    """One generated stub and how it stands against the file in exercises/."""

    rel: str  # 't1_tokens/bpe.py'
    stub: str  # freshly generated text
    current: str | None  # what exercises/ holds now
    recorded: str | None  # manifest hash of the last generated version

    @property
    def status(self) -> str:
        """'missing', 'up-to-date', 'unrecorded', 'stale' (safe to rewrite) or 'edited' (kept)."""
        if self.current is None:
            return "missing"
        if self.current == self.stub:
            return "up-to-date" if self.recorded == _digest(self.stub) else "unrecorded"
        if self.recorded is not None and _digest(self.current) == self.recorded:
            return "stale"  # untouched stub of an older solution: safe to replace
        return "edited"  # the learner's work: keep unless forced


def _manifest_path(exercises: Path) -> Path:
    return exercises / MANIFEST


def read_manifest(exercises: Path) -> dict[str, str]:
    """{relative path: hash of the stub last written} from exercises/.stubs.json."""
    path = _manifest_path(exercises)
    return json.loads(path.read_text()) if path.exists() else {}


def plan(topic_list, exercises: Path | None = None) -> list[StubFile]:
    """The stubs the selected topics' solutions make, each with its status in ``exercises``."""
    exercises = exercises or topics.exercises_dir()
    manifest = read_manifest(exercises)
    files = []
    for topic in topic_list:
        for path in topics.solution_files(topic):
            rel = path.relative_to(topics.stub_source_dir()).as_posix()
            dest = exercises / rel
            files.append(
                StubFile(
                    rel=rel,
                    stub=make_stub(path.read_text(encoding="utf-8"), rel),
                    current=dest.read_text(encoding="utf-8") if dest.exists() else None,
                    recorded=manifest.get(rel),
                )
            )
    return files


def write_stubs(
    files: list[StubFile], exercises: Path, force: bool = False
) -> dict[str, list[str]]:
    """Write what is safe (or everything when forced); returns rel paths by outcome."""
    manifest = read_manifest(exercises)
    outcome: dict[str, list[str]] = {"written": [], "kept": [], "unchanged": []}
    for f in files:
        if f.status == "up-to-date" or (f.status == "unrecorded" and not force):
            manifest[f.rel] = _digest(f.stub)
            outcome["unchanged"].append(f.rel)
            continue
        if f.status == "edited" and not force:
            outcome["kept"].append(f.rel)
            continue
        dest = exercises / f.rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(f.stub, encoding="utf-8")
        manifest[f.rel] = _digest(f.stub)
        outcome["written"].append(f.rel)
    _manifest_path(exercises).write_text(
        json.dumps(dict(sorted(manifest.items())), indent=1) + "\n"
    )
    return outcome


def build_stubs(dest: Path, topic_list) -> Path:
    """Pristine stubs of the given topics in a fresh folder ``dest`` (for tests and releases)."""
    for topic in topic_list:
        for path in topics.solution_files(topic):
            rel = path.relative_to(topics.stub_source_dir()).as_posix()
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(make_stub(path.read_text(encoding="utf-8"), rel), encoding="utf-8")
    return dest


def backup(
    topic: str, exercises: Path | None = None, only=None, state: Path | None = None
) -> Path | None:
    """Copy a topic's current modules to <state>/backups/<topic>-<timestamp>/.

    ``only``: the rel paths ('t1_tokens/bpe.py') worth saving; none → no backup folder at all.
    ``state`` defaults to the checkout's .llm-grader/.
    """
    exercises = exercises or topics.exercises_dir()
    src = exercises / topic
    modules = [
        p
        for p in src.rglob("*.py")
        if not p.name.startswith("test_") and "__pycache__" not in p.parts
    ]
    if only is not None:
        wanted = set(only)
        modules = [p for p in modules if p.relative_to(exercises).as_posix() in wanted]
    if not modules:
        return None
    dest = (state or topics.state_dir()) / "backups" / f"{topic}-{time.strftime('%Y%m%d-%H%M%S')}"
    n = 0
    while dest.exists():
        n += 1
        dest = dest.with_name(f"{dest.name.split('.')[0]}.{n}")
    for path in modules:
        out = dest / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, out)
    return dest
