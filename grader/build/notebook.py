"""The kernel side of the nbgrader course: ``%%module`` cells and ``checks``.

    %load_ext grader.build.notebook

A cell starting with ``%%module t1_tokens.bpe`` runs as that module: it lands in
``sys.modules`` (so ``from t1_tokens.bpe import train_bpe`` and relative imports between a
topic's modules work) and is saved as a file in a folder private to the kernel.

``checks(topic, ids)`` runs the topic's checks, the very ones ``llm-grader check`` runs,
against that folder in a sandboxed child process (``runner.run_topic``), once per state of
the code: every test cell of a notebook shares one run until a module cell changes. It
prints a pass/fail list on stdout and returns the points the listed checks earned. It never
writes to stderr and never raises (nbgrader scores such a cell 0, and a traceback could show
the test cell's hidden part); when no check ran, the cell scores 0 and says why.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.machinery
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from types import ModuleType

NAME_RE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)?")
# The limits of a notebook's check run, the same for every learner of a class (nbgrader
# grades one notebook after another, so what one learner's run costs, everyone waits):
# one time budget for all of a topic's checks together, and the memory cap of `llm-grader
# score`. nbgrader_config.py sets them; these are the defaults.
TOPIC_BUDGET_S = 240.0
MEMORY_MB = 4096
BUDGET_ENV = "LLM_GRADER_TOPIC_BUDGET_S"
MEMORY_ENV = "LLM_GRADER_MEMORY_MB"

_state: dict = {"root": None}
_runs: dict[tuple[str, str], dict] = {}


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


def define_module(name: str, source: str) -> ModuleType:
    """Save ``source`` as module ``name`` ('t1_tokens.bpe', or 't1_tokens' for the package)
    and run it as that module. The file starts with one blank line, so its line numbers are
    those of the cell (whose first line holds ``%%module``)."""
    if not NAME_RE.fullmatch(name):
        raise ValueError(f"%%module needs a name such as t1_tokens.bpe, not {name!r}")
    package_name, _, rest = name.partition(".")
    package = _package(package_name)
    path = code_root() / package_name / (f"{rest}.py" if rest else "__init__.py")
    text = "\n" + source
    path.write_text(text, encoding="utf-8")
    if rest:
        module = ModuleType(name)
        module.__file__ = str(path)
        module.__package__ = package_name
        module.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=str(path))
    else:
        module = package
    previous = sys.modules.get(name)
    sys.modules[name] = module  # before running it: dataclasses look their module up
    try:
        exec(compile(text, str(path), "exec", dont_inherit=True), module.__dict__)
    except BaseException:
        if rest:  # like a failed import: no half-made module stays behind
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
        raise
    if rest:
        setattr(package, rest, module)
    return module


def _module_magic(line: str, cell: str) -> None:
    define_module(line.strip(), cell)


def load_ipython_extension(ipython) -> None:
    """``%load_ext grader.build.notebook``: registers the ``%%module`` cell magic."""
    ipython.register_magic_function(_module_magic, magic_kind="cell", magic_name="module")


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@contextlib.contextmanager
def _quiet():
    """Everything on stdout: warnings off, logging off, stderr redirected."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(sys.stdout):
        warnings.simplefilter("ignore")
        previous = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(previous)


def limits() -> tuple[float, int]:
    """(seconds for all of a topic's checks, MB of address space) from the environment."""
    return (float(os.environ.get(BUDGET_ENV) or TOPIC_BUDGET_S),
            int(os.environ.get(MEMORY_ENV) or MEMORY_MB))


def run(topic: str) -> dict:
    """The outcome of ``runner.run_topic`` for the current code (cached per state of the code)."""
    from grader.core import topics
    from grader.run import runner, sandbox

    topic = topics.resolve_topic(topic)
    root = code_root()
    key = (topic, _digest(root))
    if key not in _runs:
        print(f"Running the checks of {topic} on this notebook's modules…", flush=True)
        start = time.perf_counter()
        budget, memory = limits()
        _runs[key] = runner.run_topic(topic, target=str(root), budget_s=budget,
                                      limits=sandbox.Limits(memory_mb=memory or None))
        print(f"(done in {time.perf_counter() - start:.1f} s; the other check cells reuse this run "
              "until a module changes)", flush=True)
    return _runs[key]


def _line(check: dict) -> str:
    mark = "PASS" if check["passed"] else "FAIL"
    title = check["title"] + (" (hidden)" if check["hidden"] else "")
    text = f"  {mark} {check['points']:g} pt  {title}"
    return text if check["passed"] else f"{text}\n         {check['message']}"


def score(outcome: dict, ids) -> float:
    """Print the listed checks' results; the points they earned (0 for unknown ids)."""
    by_id = {c["id"]: c for c in outcome["checks"]}
    earned = 0.0
    for check_id in dict.fromkeys(ids):
        check = by_id.get(check_id)
        if check is None:
            print(f"  FAIL  {check_id.split('::')[-1]}: this check did not run (0 points)")
            continue
        print(_line(check))
        earned += check["points"] if check["passed"] else 0.0
    if outcome.get("error"):
        print(f"Problem while checking: {outcome['error']}")
    return round(earned, 6)


def checks(topic: str, ids) -> float:
    """Points earned by the checks ``ids`` ('test_bpe.py::test_round_trip', ...) of ``topic``."""
    with _quiet():
        try:
            return score(run(topic), ids)
        except Exception as exc:  # never a traceback: it would show this cell's hidden part
            print(f"The checks could not run ({type(exc).__name__}: {exc}); 0 points.")
            return 0.0
