"""Tools for course authors: plausible-mistake mutants of the reference code, and correct
variants of it (other ways to write a task that the checks must accept)."""

from __future__ import annotations

import ast
import shutil
import textwrap
from pathlib import Path

from grader.core import topics


def _top_level(tree: ast.Module) -> dict[str, ast.stmt]:
    return {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }


def mutant_info(mutant: Path) -> tuple[str, str]:
    """(module file it replaces, one-line description) of a mutant file."""
    tree = ast.parse(mutant.read_text(encoding="utf-8"))
    module = next(
        (
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "MODULE" for t in node.targets)
        ),
        None,
    )
    if module is None:
        raise ValueError(f"{mutant}: a mutant names the file it changes: MODULE = 'name.py'")
    return module, (ast.get_docstring(tree) or mutant.stem).splitlines()[0]


def mutant_messages(mutant: Path) -> dict[str, tuple[str, ...]]:
    """The learner-facing messages a mutant must produce: ``MESSAGES = {glob: text(s)}``.

    Each key is an ``fnmatch`` pattern on check ids (``"*test_top_p_extremes*"``); every check
    it matches that fails must have all the given texts in its message (a text starting with
    ``!`` must be absent), and at least one must fail. A mutant without ``MESSAGES`` only has
    to be caught by some check.
    """
    tree = ast.parse(mutant.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "MESSAGES" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if not isinstance(value, dict) or not value:
                raise ValueError(f"{mutant}: MESSAGES is a non-empty dict {{check-id glob: text}}")
            return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in value.items()}
    return {}


def mutant_replacements(mutant: Path) -> list[tuple[str, str]]:
    """A mutant's text patches of its MODULE: ``REPLACE = [("old text", "new text"), ...]``."""
    tree = ast.parse(mutant.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "REPLACE" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if not (
                isinstance(value, (list, tuple))
                and value
                and all(
                    isinstance(pair, tuple)
                    and len(pair) == 2
                    and all(isinstance(x, str) for x in pair)
                    and pair[0]
                    for pair in value
                )
            ):
                raise ValueError(
                    f"{mutant}: REPLACE is a non-empty list of (old text, new text) pairs"
                )
            return list(value)
    return []


def _patched(
    source: str, replacements: list[tuple[str, str]], mutant_name: str, module: str
) -> str:
    """``source`` with each (old, new) applied in turn; ``old`` must stand there exactly once."""
    for old, new in replacements:
        found = source.count(old)
        if found != 1:
            where = "does not stand" if not found else f"stands {found} times"
            raise ValueError(
                f"{mutant_name}: REPLACE text {where} in {module} (it must stand "
                f"exactly once; has the reference changed?): {old!r}"
            )
        source = source.replace(old, new)
    return source


def apply_mutant(mutant: Path, topic: str, dest: Path) -> Path:
    """Copy the reference ``topic`` into ``dest`` with the mutant's mistake written into it.

    A mutant's ``REPLACE = [(old, new), ...]`` patches the text of its MODULE first, in order
    (each ``old`` must stand exactly once in the text at that point), so a one-line mistake
    does not copy the function around it. Then every top-level function the mutant defines
    replaces the same-named one in MODULE; a class in the mutant replaces just the methods it
    defines. The mutant's imports are added after the module's own.
    """
    module, _ = mutant_info(mutant)
    target_dir = dest / topic
    shutil.copytree(
        topics.solutions_dir() / topic, target_dir, ignore=shutil.ignore_patterns("__pycache__")
    )
    path = target_dir / module
    mutant_tree = ast.parse(mutant.read_text(encoding="utf-8"))
    source = _patched(
        path.read_text(encoding="utf-8"), mutant_replacements(mutant), mutant.name, module
    )
    lines = source.splitlines(keepends=True)
    original = _top_level(ast.parse(source))
    replacements = _top_level(mutant_tree)
    missing = sorted(set(replacements) - set(original))
    if missing:
        raise ValueError(f"{mutant.name}: {module} has no top-level {', '.join(missing)}")
    # (start line, end line, new text) for every replaced definition; a mutant's class only
    # replaces the methods it defines, so a one-method mistake needs only that method
    edits = []
    for name, new_node in replacements.items():
        old_node = original[name]
        if isinstance(new_node, ast.ClassDef) and isinstance(old_node, ast.ClassDef):
            methods = _top_level(old_node)
            for method_name, method in _top_level(new_node).items():
                if method_name not in methods:
                    raise ValueError(f"{mutant.name}: {name} has no method {method_name}")
                edits.append((methods[method_name], textwrap.indent(ast.unparse(method), "    ")))
        else:
            edits.append((old_node, ast.unparse(new_node)))
    # replace from the bottom up so earlier line numbers stay valid
    for node, text in sorted(edits, key=lambda e: e[0].lineno, reverse=True):
        start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
        lines[start : node.end_lineno] = [text + "\n"]
    imports = [
        ast.unparse(n) + "\n"
        for n in mutant_tree.body
        if isinstance(n, (ast.Import, ast.ImportFrom))
        and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")
    ]
    body = "".join(lines)
    if imports:
        tree = ast.parse(body)
        last_import = max(
            (n.end_lineno for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))),
            default=0,
        )
        split = body.splitlines(keepends=True)
        body = "".join(split[:last_import] + imports + split[last_import:])
    path.write_text(body, encoding="utf-8")
    return dest


def _files(kind: str, topic: str) -> list[Path]:
    folder = topics.project_root() / "tests" / kind / topic
    return (
        sorted(p for p in folder.glob("*.py") if p.name != "__init__.py") if folder.is_dir() else []
    )


def mutants(topic: str) -> list[Path]:
    """tests/mutants/<topic>/*.py: wrong implementations that some check must catch."""
    return _files("mutants", topic)


def variants(topic: str) -> list[Path]:
    """tests/variants/<topic>/*.py: correct implementations in another style, which must score
    full marks (same format as a mutant, applied with ``apply_mutant``)."""
    return _files("variants", topic)
