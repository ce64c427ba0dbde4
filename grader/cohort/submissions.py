"""Learners' submissions: find them, and copy only the expected files into a fresh sandbox.

A submission is a folder laid out like exercises/, a clone of the repository, or a zip of
either (with or without a top folder), or a folder holding only such a zip (how Gradescope
delivers a zip inside an upload); or notebooks (``llm-grader notebooks``): a
``tN_name.ipynb`` on its own, or in such a folder or zip. A notebook's ``%%module`` cells
are exported to the modules they hold (``grader.run.notebook_modules``), and a module a
notebook holds is taken from it rather than from a .py file beside it (a learner who works
in notebooks leaves the repository's stubs untouched). Only the exercise modules the course expects are
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
from grader.run import notebook_modules

MAX_FILE_BYTES = 2_000_000
MAX_TOTAL_BYTES = 50_000_000
MAX_ZIP_MEMBERS = 20_000
MAX_NOTEBOOK_BYTES = 20_000_000  # a notebook keeps its outputs (figures): larger than a module


@dataclass
class Submission:
    """One learner's submission: a folder or a zip."""

    learner: str
    source: Path


@dataclass
class Materialized:
    """What copying a submission into its sandbox gave: files copied, missing, problems."""

    root: Path
    copied: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


NOTEBOOK = ".ipynb"
MAX_NOTEBOOK_BYTES = 20_000_000  # outputs (plots) make notebooks larger than modules


def learner_id(name: str) -> str:
    """A safe learner id from a submission's file name."""
    stem = Path(name).stem if name.lower().endswith((".zip", NOTEBOOK)) else name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "learner"


def discover(folder: Path) -> list[Submission]:
    """One submission per folder or .zip in ``folder`` (hidden entries skipped)."""
    subs, seen = [], set()
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir() or entry.suffix.lower() in (".zip", NOTEBOOK):
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


def _folder_members(folder: Path, problems: list[str]) -> dict[str, Path]:
    members: dict[str, Path] = {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in rel.split("/")):
            continue
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            if path.name.endswith(".py"):
                problems.append(f"{rel} is a symbolic link: ignored")
            continue
        if stat.S_ISREG(mode) and path.name.endswith((".py", NOTEBOOK)):
            members[rel] = path
    return members


def _zip_members(archive: zipfile.ZipFile, problems: list[str]) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ValueError(f"the zip has {len(infos)} entries (at most {MAX_ZIP_MEMBERS})")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename.replace("\\", "/")
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
            problems.append(f"unsafe path in zip ignored: {name}")
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"symbolic link in zip ignored: {name}")
            continue
        if info.is_dir() or not name.endswith((".py", NOTEBOOK)) or "__MACOSX" in path.parts:
            continue
        members[path.as_posix()] = info
    return members


def _from_notebooks(members: dict, size_of, read, problems: list[str]) -> dict[str, bytes]:
    """'t7_trends/trends.py' -> source, for the modules of the submission's notebooks."""
    out: dict[str, bytes] = {}
    for name in sorted(m for m in members if m.lower().endswith(NOTEBOOK)):
        if size_of(members[name]) > MAX_NOTEBOOK_BYTES:
            problems.append(f"{name} is larger than {MAX_NOTEBOOK_BYTES:,} bytes: ignored")
            continue
        try:
            modules = notebook_modules.notebook_modules(json.loads(read(members[name])))
        except (ValueError, TypeError, AttributeError, notebook_modules.ExportError) as exc:
            problems.append(f"{name}: not a workshop notebook ({exc}): ignored")
            continue
        for module, source in modules.items():
            package, _, rest = module.partition(".")
            out[f"{package}/{rest or '__init__'}.py"] = source.encode("utf-8")
    return out


def unwrap(source: Path) -> Path:
    """A folder with no Python files or notebooks and exactly one zip at its top stands for
    that zip."""
    if not source.is_dir():
        return source
    zips = [
        p
        for p in source.iterdir()
        if p.suffix.lower() == ".zip"
        and not p.is_symlink()
        and p.is_file()
        and not p.name.startswith(".")
    ]
    if len(zips) != 1 or any(
        p.is_file() and p.suffix in (".py", ".ipynb") for p in source.rglob("*")
    ):
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
        if sub.source.is_dir() or sub.source.suffix.lower() == NOTEBOOK:
            archive = None
            members = (
                _folder_members(sub.source, result.problems)
                if sub.source.is_dir()
                else {sub.source.name: sub.source}
            )
            size_of, read = (lambda m: m.stat().st_size), (lambda m: m.read_bytes())
        else:
            archive = zipfile.ZipFile(sub.source)
            members = _zip_members(archive, result.problems)
            size_of, read = (lambda m: m.file_size), archive.read
        exported = _from_notebooks(members, size_of, read, result.problems)
        for rel in allowed:
            if rel in exported and not rel.endswith("__init__.py"):
                write(rel, exported[rel])
                continue
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
