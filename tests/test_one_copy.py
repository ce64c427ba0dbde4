"""A module exists once: exercises/ holds a verbatim copy of a solutions/ module only where the
learner's package must contain it (issue 18). `llm-grader sync --check` proves the copies equal;
this proves each copy has a reason to exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.core import regions, topics


def _relative_imports(path: Path) -> set[str]:
    """Modules of the same package that ``path`` imports (``from .x import ...``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }


def _graded(path: Path) -> bool:
    return path.exists() and regions.BEGIN in path.read_text(encoding="utf-8")


def unexplained_copies(topic: str, solutions: Path, exercises: Path) -> list[str]:
    """Given modules (no solution region, not ``__init__``) that the learner's package does not
    need: no graded module or visible test imports them, the README neither presents them to
    the learner (`` `judge.py` ``) nor runs them (``python -m topic.x``) on the learner's code."""
    modules = topics.solution_files(topic, solutions)
    tests = sorted((exercises / topic).glob("test_*.py"))
    readme = (exercises / topic / "README.md").read_text(encoding="utf-8")
    run_by_learner = set(re.findall(rf"python -m {topic}\.(\w+)", readme))
    visible = " ".join(p.read_text(encoding="utf-8") for p in tests)
    imported = {
        m for p in [*modules, *tests] if _graded(p) or p in tests for m in _relative_imports(p)
    }
    out = []
    for path in modules:
        if _graded(path) or path.name == "__init__.py":
            continue
        runs_learner_code = any(_graded(path.with_name(f"{m}.py")) for m in _relative_imports(path))
        needed = (
            path.stem in imported
            or f"{topic}.{path.stem}" in visible
            or f"import {path.stem}" in visible
            or f"`{path.name}`" in readme
            or (path.stem in run_by_learner and runs_learner_code)
        )
        if not needed:
            out.append(path.name)
    return out


@pytest.mark.parametrize("topic", topics.available_topics())
def test_every_verbatim_copy_is_needed_in_the_learners_package(topic):
    unexplained = unexplained_copies(topic, topics.solutions_dir(), topics.exercises_dir())
    assert not unexplained, (
        f"{topic}: {unexplained} are copied into exercises/ verbatim, but neither the graded "
        "modules nor the visible tests import them and the README does not run them on the "
        "learner's code: keep them out of the learner's package (e.g. under data/)"
    )


def test_an_instructor_script_in_the_learners_package_is_caught(tmp_path):
    """The rule rejects a script only the instructor runs (as t3's build_base_model was) and
    keeps a capstone the README runs on the learner's code."""
    solutions, exercises, topic = tmp_path / "solutions", tmp_path / "exercises", "t3_pretraining"
    (solutions / topic).mkdir(parents=True)
    (exercises / topic).mkdir(parents=True)
    (solutions / topic / "train.py").write_text(
        f"def train():\n    ### {regions.BEGIN} (task 1)\n    pass\n"
    )
    (solutions / topic / "capstone.py").write_text("from .train import train\n")
    (solutions / topic / "build_model.py").write_text("from t3_pretraining.train import train\n")
    (exercises / topic / "test_train.py").write_text("from t3_pretraining import train\n")
    (exercises / topic / "README.md").write_text(f"python -m {topic}.capstone\n")
    assert unexplained_copies(topic, solutions, exercises) == ["build_model.py"]
