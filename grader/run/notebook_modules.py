"""A notebook's code as a module folder: the ``%%module`` cells, in a kernel and in a file.

A cell starting with ``%%module t1_tokens.bpe`` holds that whole module. A cell starting with
``%%module t1_tokens.bpe part 3/7`` holds one part of it (the learner notebooks give each
README task its own cell): the module's file is its parts joined in order, 0 to 6, and the
cell runs in the module's namespace, so a function defined there is the module's function.

In a kernel (:func:`define_module`, :func:`define_part`) every cell that runs is saved as a
file in a folder private to the kernel (:func:`code_root`) and lands in ``sys.modules``
(``from t1_tokens.bpe import train_bpe`` and relative imports between a topic's modules
work). What the checks import is that folder: the code the learner ran, laid out like
exercises/, so ``llm-grader check N --target <folder>`` grades the same code.
:func:`export` does the same from a notebook file (for ``llm-grader score`` and for a
learner moving from the notebook to the repository's files).

This module sits below the learner and build layers: both notebooks (the nbgrader course's
and the per-task learner notebooks) use it.
"""

from __future__ import annotations
import __future__

import atexit
import contextlib
import hashlib
import importlib.machinery
import json
import linecache
import logging
import re
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from types import ModuleType

NAME_RE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)?")
MAGIC_RE = re.compile(r"%%module[ \t]+(\S+)(?:[ \t]+part[ \t]+(\d+)/(\d+))?[ \t]*\n?")

_state: dict = {"root": None}
_parts: dict[str, dict[int, str]] = {}  # module name -> part index -> source (as run)
_totals: dict[str, int] = {}  # module name -> how many parts the notebook has


def code_root() -> Path:
    """This kernel's folder of module files (created on first use, removed at exit)."""
    if _state["root"] is None:
        root = Path(tempfile.mkdtemp(prefix="llm-notebook-"))
        atexit.register(shutil.rmtree, root, True)
        _state["root"] = root
    return _state["root"]


def _package(name: str) -> ModuleType:
    """The topic package, made by this module (replacing one imported from anywhere else)."""
    package = sys.modules.get(name)
    if package is None or not getattr(package, "__notebook__", False):
        folder = code_root() / name
        folder.mkdir(exist_ok=True)
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{name}, written from a notebook."""\n', encoding="utf-8")
        package = ModuleType(name)
        package.__path__ = []  # submodules come from module cells only, never from disk
        package.__package__ = name
        package.__file__ = str(init)
        package.__notebook__ = True
        sys.modules[name] = package
    return package


def _path(root: Path, name: str) -> Path:
    package_name, _, rest = name.partition(".")
    return root / package_name / (f"{rest}.py" if rest else "__init__.py")


def _check_name(name: str) -> None:
    if not NAME_RE.fullmatch(name):
        raise ValueError(f"%%module needs a name such as t1_tokens.bpe, not {name!r}")


def _new_module(name: str, path: Path) -> ModuleType:
    package_name, _, rest = name.partition(".")
    package = _package(package_name)
    if not rest:
        return package
    module = ModuleType(name)
    module.__file__ = str(path)
    module.__package__ = package_name
    module.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=str(path))
    return module


def define_module(name: str, source: str) -> ModuleType:
    """Save ``source`` as module ``name`` ('t1_tokens.bpe', or 't1_tokens' for the package)
    and run it as that module. The file starts with one blank line, so its line numbers are
    those of the cell (whose first line holds ``%%module``)."""
    _check_name(name)
    path = _path(code_root(), name)
    _package(name.partition(".")[0])
    text = "\n" + source
    path.write_text(text, encoding="utf-8")
    _parts.pop(name, None)
    _totals.pop(name, None)
    module = _new_module(name, path)
    previous = sys.modules.get(name)
    sys.modules[name] = module  # before running it: dataclasses look their module up
    try:
        exec(compile(text, str(path), "exec", dont_inherit=True), module.__dict__)
    except BaseException:
        if module is not sys.modules.get(name.partition(".")[0]):  # no half-made module stays
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
        raise
    if "." in name:
        setattr(sys.modules[name.partition(".")[0]], name.partition(".")[2], module)
    return module


def join_parts(parts: dict[int, str]) -> str:
    """A module's file from its parts (in order, each ending with one newline)."""
    return "".join(parts[i].rstrip("\n") + "\n\n\n" for i in sorted(parts)).rstrip("\n") + "\n"


def _future_flags(parts: dict[int, str]) -> int:
    """Compiler flags of the ``from __future__`` imports at the top of the module (part 0):
    every part is compiled as if it sat in the module's file."""
    flags = 0
    for feature in re.findall(r"^from __future__ import ([\w, ]+)$", parts.get(0, ""), re.M):
        for word in feature.replace(" ", "").split(","):
            flags |= getattr(getattr(__future__, word, None), "compiler_flag", 0)
    return flags


def define_part(name: str, index: int, total: int, source: str) -> ModuleType:
    """Save part ``index`` of module ``name`` (the module's file is rewritten: all the parts
    run so far, in order) and run it in the module's namespace."""
    _check_name(name)
    path = _path(code_root(), name)
    _package(name.partition(".")[0])
    parts = _parts.setdefault(name, {})
    parts[index] = source
    _totals[name] = total
    path.write_text(join_parts(parts), encoding="utf-8")
    module = sys.modules.get(name)
    if module is None or getattr(module, "__file__", None) != str(path):
        module = _new_module(name, path)
        sys.modules[name] = module
        if "." in name:
            setattr(sys.modules[name.partition(".")[0]], name.partition(".")[2], module)
    text = "\n" + source  # line numbers as in the cell
    filename = f"<{name} part {index}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    exec(
        compile(text, filename, "exec", flags=_future_flags(parts), dont_inherit=True),
        module.__dict__,
    )
    return module


def missing_parts() -> dict[str, list[int]]:
    """Module name -> the parts of it that no cell has run yet in this kernel although a
    later part has (a cell skipped above the one that ran)."""
    return {
        name: missing
        for name, parts in _parts.items()
        if name in _totals
        if (missing := [i for i in range(max(parts)) if i not in parts])
    }


def run_cell(line: str, cell: str) -> ModuleType:
    """The ``%%module`` cell magic: ``NAME`` or ``NAME part I/N`` on the first line."""
    match = MAGIC_RE.fullmatch("%%module " + line.strip())
    if match is None:
        raise ValueError(
            f"%%module needs a name such as t1_tokens.bpe (and optionally "
            f"'part 2/5'), not {line.strip()!r}"
        )
    name, index, total = match.groups()
    if index is None:
        return define_module(name, cell)
    return define_part(name, int(index), int(total), cell)


def digest(root: Path) -> str:
    """A hash of the module folder's Python files (to tell whether the code changed)."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class ExportError(ValueError):
    """A notebook without ``%%module`` cells, or whose parts do not add up."""


def notebook_modules(nb: dict) -> dict[str, str]:
    """Module name -> source, from the ``%%module`` code cells of a notebook (a dict as in
    the .ipynb file): whole-module cells as they are, part cells joined in order. A cell
    whose name is no module name (a path, say) is left out, as the kernel refuses it: its
    file would land outside the export folder."""
    whole: dict[str, str] = {}
    parts: dict[str, dict[int, str]] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        match = MAGIC_RE.match(source)
        if not match:
            continue
        name, index, _ = match.groups()
        if not NAME_RE.fullmatch(name):
            continue  # '%%module /some/where/sitecustomize': no module, in a kernel neither
        body = source[match.end() :]
        if index is None:
            whole[name] = "\n" + body
        else:
            parts.setdefault(name, {})[int(index)] = body
    if not whole and not parts:
        raise ExportError("the notebook has no %%module cells: nothing to export")
    return {**whole, **{name: join_parts(p) for name, p in parts.items()}}


def export(notebook: Path | dict, dest: Path) -> Path:
    """Write a notebook's modules into ``dest`` laid out like exercises/ (``dest/t7_trends/
    trends.py``); returns ``dest``, a target for ``llm-grader check N --target``."""
    nb = (
        json.loads(Path(notebook).read_text(encoding="utf-8"))
        if not isinstance(notebook, dict)
        else notebook
    )
    dest = Path(dest)
    for name, source in notebook_modules(nb).items():
        path = _path(dest, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        init = path.parent / "__init__.py"
        if not init.exists():
            init.write_text(
                f'"""{path.parent.name}, written from a notebook."""\n', encoding="utf-8"
            )
        path.write_text(source, encoding="utf-8")
    return dest


def register_module_magic(ipython) -> None:
    """Register the ``%%module`` cell magic (``run_cell``) with an IPython kernel."""

    def module(line: str, cell: str) -> None:
        run_cell(line, cell)

    ipython.register_magic_function(module, magic_kind="cell", magic_name="module")


@contextlib.contextmanager
def quiet():
    """Everything on stdout: warnings off, logging off, stderr redirected."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(sys.stdout):
        warnings.simplefilter("ignore")
        previous = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(previous)
