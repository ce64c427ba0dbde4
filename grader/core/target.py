"""What a check imports: the learner's module from the chosen target, or the reference.

Check files never import learner code directly; they write

    bpe = target.module("t1_tokens.bpe")     # the code under test (--target)
    ref = target.oracle("t1_tokens.bpe")     # the reference (hidden checks only)

Both are lazy: the import happens on first use inside a check, so a learner's syntax
error fails each check with a readable message instead of breaking collection.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType

from grader.core import topics

_state = {"target": None}


class LearnerImportError(Exception):
    """The learner's module could not be imported."""


def set_target(spec: str | None) -> topics.Target:
    """Choose the folder the learner's packages are imported from (called by the plugin)."""
    target = topics.resolve_target(spec)
    _state["target"] = target
    root = str(target.root)
    if root in sys.path:
        sys.path.remove(root)
    sys.path.insert(0, root)
    return target


def current_target() -> topics.Target:
    """The code under test in this process (set by the plugin from --target)."""
    if _state["target"] is None:
        set_target(None)
    return _state["target"]


def _short_traceback(exc: BaseException, root: Path) -> str:
    """The last frames that belong to the learner's files, without grader internals."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if str(root) in f.filename]
    where = ""
    if frames:
        last = frames[-1]
        where = f" ({Path(last.filename).name}, line {last.lineno})"
    if isinstance(exc, SyntaxError) and exc.filename:
        where = f" ({Path(exc.filename).name}, line {exc.lineno})"
    return f"{type(exc).__name__}: {exc}{where}"


class _LazyModule(ModuleType):
    """Imports on first attribute access; import errors become a clear check failure."""

    def __init__(self, name: str, loader):
        super().__init__(name)
        self.__dict__["_loader"] = loader
        self.__dict__["_module"] = None

    def _load(self) -> ModuleType:
        if self.__dict__["_module"] is None:
            self.__dict__["_module"] = self.__dict__["_loader"]()
        return self.__dict__["_module"]

    def __getattr__(self, attr):
        if attr.startswith("_") or attr == "pytestmark":
            # tools (pytest's collector among them) probe objects for such names: answering
            # them must not import the learner's code before a check runs
            raise AttributeError(attr)
        module = self._load()
        try:
            return getattr(module, attr)
        except AttributeError:
            raise AttributeError(
                f"{module.__name__} has no {attr!r}: keep the names given in the stub "
                f"(see the topic README)"
            ) from None

    def __dir__(self):
        return dir(self._load())


def _forget_foreign(package: str, root: Path) -> None:
    """Drop a same-named package imported from elsewhere.

    pytest imports exercises/tN/test_*.py as ``tN.test_*``, which loads exercises/tN as the
    package ``tN`` whatever the target is; the target's own copy must replace it.
    """
    loaded = sys.modules.get(package)
    if loaded is None:
        return
    origin = Path(
        getattr(loaded, "__file__", None) or next(iter(getattr(loaded, "__path__", [])), "")
    )
    if root.resolve() not in origin.resolve().parents:
        for key in [k for k in sys.modules if k == package or k.startswith(package + ".")]:
            del sys.modules[key]
        importlib.invalidate_caches()


def _import_learner(name: str) -> ModuleType:
    target = current_target()
    package = name.split(".")[0]
    path = target.topic_dir(package)
    if not path.is_dir():
        raise LearnerImportError(f"{path} is missing: the target has no {package} folder")
    module_file = (
        path.joinpath(*name.split(".")[1:]).with_suffix(".py")
        if "." in name
        else path / "__init__.py"
    )
    if not module_file.exists() and not module_file.with_suffix("").is_dir():
        raise LearnerImportError(
            f"{module_file.relative_to(target.root)} is missing from {target.root}"
        )
    _forget_foreign(package, target.root)
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # the learner's code raised while importing
        raise LearnerImportError(
            f"could not import {name} from {path}: {_short_traceback(exc, target.root)}"
        ) from None
    origin = Path(module.__file__ or "").resolve()
    if target.root.resolve() not in origin.parents:
        raise LearnerImportError(f"{name} was imported from {origin}, not from {target.root}")
    return module


def module(name: str) -> ModuleType:
    """The learner's module ``name`` (e.g. 't1_tokens.bpe') from the current target."""
    return _LazyModule(name, lambda: _import_learner(name))


ORACLE_PREFIX = "_oracle_"
ORACLE_EVENT = "llm_grader.oracle"  # grader.core.guard refuses it while learner code runs


def _import_oracle(name: str, loaded: dict) -> None:
    """Load solutions/<package> under a private alias into ``loaded``, out of sys.modules."""
    package, _, rest = name.partition(".")
    alias = ORACLE_PREFIX + package
    folder = topics.solutions_dir() / package
    if not (folder / "__init__.py").exists():
        raise LearnerImportError(f"reference solutions for {package} are not installed")
    if alias not in sys.modules and package not in loaded:
        spec = importlib.util.spec_from_file_location(
            alias, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        pkg = importlib.util.module_from_spec(spec)
        sys.modules[alias] = pkg
        spec.loader.exec_module(pkg)
    elif alias not in sys.modules:
        sys.modules[alias] = loaded[package]  # a submodule's relative imports need its package
        for key, value in loaded.items():
            if key.startswith(package + "."):
                sys.modules[key.replace(package, alias, 1)] = value
    try:
        importlib.import_module(f"{alias}.{rest}" if rest else alias)
    finally:
        # keep the reference out of reach of the code under test
        for key in [k for k in sys.modules if k == alias or k.startswith(alias + ".")]:
            loaded[key.replace(alias, package, 1)] = sys.modules.pop(key)


def _vault(audit=sys.audit, event=ORACLE_EVENT):
    """The loaded reference modules, kept in this suspended generator's frame only.

    Nothing else holds them: no module global, no proxy attribute, no closure cell. Reaching a
    generator's frame (``gi_frame``), the garbage collector's lists or the calling frames is
    refused to learner code by the guard, and every request first raises ORACLE_EVENT, which
    the guard refuses while a learner frame is on the stack (the answer is then the
    PermissionError, raised by ``_reference``)."""
    loaded: dict[str, ModuleType] = {}
    answer = None
    while True:
        name = yield answer
        try:
            audit(event, name)
            if name not in loaded:
                _import_oracle(name, loaded)
            answer = loaded[name]
        except Exception as exc:  # noqa: BLE001 - handed to the caller, the vault lives on
            answer = exc


_vault_send = _vault()
_vault_send.send(None)
_vault_send = _vault_send.send


def _reference(name: str) -> ModuleType:
    answer = _vault_send(name)
    if isinstance(answer, BaseException):
        raise answer
    return answer


class _OracleModule(ModuleType):
    """The reference module ``name``: every use asks the vault (the guard refuses learner code)."""

    def __init__(self, name: str):
        super().__init__(name)

    def _load(self) -> ModuleType:
        return _reference(self.__name__)

    def __getattr__(self, attr):
        if attr.startswith("_") or attr == "pytestmark":
            raise AttributeError(attr)  # tools probe for such names: no import before a check
        return getattr(_reference(self.__name__), attr)

    def __dir__(self):
        return dir(_reference(self.__name__))


def oracle(name: str) -> ModuleType:
    """The reference module ``name`` from solutions/, under a private alias.

    The check process hands it only to the checks: the guard refuses it to the code under test
    (see ``_vault``)."""
    return _OracleModule(name)
