"""Learners' submissions: find them, and copy only the expected files into a fresh sandbox.

A submission is a folder laid out like exercises/, a clone of the repository, or a zip of
either (with or without a top folder), or a folder holding only such a zip (how Gradescope
delivers a zip inside an upload). Topic notebooks of the nbgrader course count too: each
``%%module tN_topic.name`` cell of an ``.ipynb`` is the module ``tN_topic/name.py`` (a
``.py`` file of the same module wins). Only the exercise modules the course expects are
taken (an allow-list from solutions/), as regular files within size caps: no conftest.py,
no pytest.ini, no .pth, no symlinks, nothing outside the entry.
"""

from __future__ import annotations

import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.core import topics

MAX_FILE_BYTES = 2_000_000
MAX_TOTAL_BYTES = 50_000_000
MAX_ZIP_MEMBERS = 20_000
MAX_NOTEBOOK_BYTES = 20_000_000   # a notebook keeps its outputs (figures): larger than a module
MODULE_CELL = re.compile(r"%%module[ \t]+(t\d+_\w+)\.(\w+)[ \t]*\n")   # as grader/build/notebook.py


@dataclass
class Submission:
    learner: str
    source: Path


@dataclass
class Materialized:
    root: Path
    copied: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def learner_id(name: str) -> str:
    stem = name[:-4] if name.lower().endswith(".zip") else name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "learner"


def discover(folder: Path) -> list[Submission]:
    """One submission per folder or .zip in ``folder`` (hidden entries skipped)."""
    subs, seen = [], set()
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir() or entry.suffix.lower() == ".zip":
            learner = learner_id(entry.name)
            while learner in seen:
                learner += "_"
            seen.add(learner)
            subs.append(Submission(learner, entry))
    return subs


def expected_files(topic_list) -> list[str]:
    """The allow-list: 't1_tokens/bpe.py', … for the given topics."""
    root = topics.solutions_dir()
    return [p.relative_to(root).as_posix() for t in topic_list for p in topics.solution_files(t)]


def _pick(candidates: dict[str, object], rel: str):
    """The member for ``rel`` at the shallowest depth: tN/x.py, exercises/tN/x.py, top/…."""
    matches = [path for path in candidates if path == rel or path.endswith("/" + rel)]
    matches = [m for m in matches if m.count("/") - rel.count("/") <= 2]
    return min(matches, key=lambda m: (m.count("/"), m)) if matches else None


def notebook_modules(data: bytes) -> dict[str, bytes]:
    """The modules of a topic notebook: ``%%module t1_tokens.bpe`` cells → 't1_tokens/bpe.py'
    (the cell's text below its first line, one blank line first so line numbers match the
    cell's; the last such cell of a module wins). Nothing for what is not a notebook."""
    try:
        notebook = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    modules = {}
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        match = MODULE_CELL.match(source)
        if match:
            modules[f"{match[1]}/{match[2]}.py"] = ("\n" + source[match.end():]).encode()
    return modules


def _add_notebooks(members: dict, notebooks: dict[str, bytes]) -> None:
    """Each notebook's modules as members beside it (a real .py file of that path wins)."""
    for rel, data in sorted(notebooks.items()):
        folder = rel.rpartition("/")[0]
        for module, text in notebook_modules(data).items():
            members.setdefault(f"{folder}/{module}" if folder else module, text)


def _folder_members(folder: Path, problems: list[str]) -> dict[str, Path]:
    members: dict[str, Path] = {}
    notebooks: dict[str, bytes] = {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in rel.split("/")):
            continue
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            if path.name.endswith(".py"):
                problems.append(f"{rel} is a symbolic link: ignored")
            continue
        if stat.S_ISREG(mode) and path.name.endswith(".py"):
            members[rel] = path
        elif stat.S_ISREG(mode) and path.name.endswith(".ipynb"):
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                problems.append(f"{rel} is larger than {MAX_NOTEBOOK_BYTES:,} bytes: ignored")
            else:
                notebooks[rel] = path.read_bytes()
    _add_notebooks(members, notebooks)
    return members


def _zip_members(archive: zipfile.ZipFile, problems: list[str]) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ValueError(f"the zip has {len(infos)} entries (at most {MAX_ZIP_MEMBERS})")
    members: dict[str, zipfile.ZipInfo] = {}
    notebooks: dict[str, bytes] = {}
    for info in infos:
        name = info.filename.replace("\\", "/")
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
            problems.append(f"unsafe path in zip ignored: {name}")
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"symbolic link in zip ignored: {name}")
            continue
        if info.is_dir() or "__MACOSX" in path.parts:
            continue
        if name.endswith(".ipynb"):
            if info.file_size > MAX_NOTEBOOK_BYTES:
                problems.append(f"{name} is larger than {MAX_NOTEBOOK_BYTES:,} bytes: ignored")
            else:
                notebooks[path.as_posix()] = archive.read(info)
        elif name.endswith(".py"):
            members[path.as_posix()] = info
    _add_notebooks(members, notebooks)
    return members


def unwrap(source: Path) -> Path:
    """A folder with no Python files or notebooks and exactly one zip at its top stands for
    that zip."""
    if not source.is_dir():
        return source
    zips = [p for p in source.iterdir() if p.suffix.lower() == ".zip" and not p.is_symlink()
            and p.is_file() and not p.name.startswith(".")]
    if len(zips) != 1 or any(p.is_file() and p.suffix in (".py", ".ipynb") for p in source.rglob("*")):
        return source
    return zips[0]


def materialize(sub: Submission, dest: Path, topic_list) -> Materialized:
    """Copy the submission's allowed files into ``dest`` (a fresh folder)."""
    result = Materialized(root=dest)
    sub = Submission(sub.learner, unwrap(sub.source))
    dest.mkdir(parents=True, exist_ok=True)
    allowed = expected_files(topic_list)
    total = 0

    def write(rel: str, data: bytes) -> None:
        nonlocal total
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise ValueError("the submission is larger than the size cap")
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        result.copied.append(rel)

    try:
        if sub.source.is_dir():
            archive = None
            members = _folder_members(sub.source, result.problems)
            size_of = lambda m: len(m) if isinstance(m, bytes) else m.stat().st_size  # noqa: E731
            read = lambda m: m if isinstance(m, bytes) else m.read_bytes()  # noqa: E731
        else:
            archive = zipfile.ZipFile(sub.source)
            members = _zip_members(archive, result.problems)
            size_of = lambda m: len(m) if isinstance(m, bytes) else m.file_size  # noqa: E731
            read = lambda m: m if isinstance(m, bytes) else archive.read(m)  # noqa: E731
        for rel in allowed:
            if rel.endswith("__init__.py"):
                given = topics.exercises_dir() / rel  # given, never the learner's
                write(rel, given.read_bytes() if given.exists() else b"")
                continue
            member = _pick(members, rel)
            if member is None:
                result.missing.append(rel)
            elif size_of(members[member]) > MAX_FILE_BYTES:
                result.problems.append(f"{member} is larger than {MAX_FILE_BYTES:,} bytes: ignored")
                result.missing.append(rel)
            else:
                write(rel, read(members[member]))
        if archive is not None:
            archive.close()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        result.problems.append(f"could not read the submission: {exc}")
        result.missing = [r for r in allowed if r not in result.copied]
    return result
