"""The learner distribution: ``llm-grader release OUT``.

OUT gets the stubs (freshly generated, never someone's filled-in work), visible tests,
READMEs, hints, data, the slide decks with their figures, and the grader without its hidden
checks. No solutions, no mutants, no authoring tools' inputs. ``pytest`` in OUT runs the
visible tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from grader import slides, sync, topics

TOP_FILES = ("LICENSE", ".gitignore", "constraints.txt")   # the lock: the README installs from it
LEARNER_SECTIONS = ("Set up", "Learner path")   # the README's parts a learner needs
SLIDE_FILES = ("package.json", "package-lock.json", ".marprc.yml")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "node_modules", "build")


class ReleaseError(RuntimeError):
    """OUT cannot be written (not empty, or inside the project)."""


def _copy_exercises(root: Path, out: Path, chosen: list[str]) -> None:
    exercises = out / "exercises"
    sync.build_stubs(exercises, chosen)
    sync.build_stubs(exercises / sync.PRISTINE, chosen)        # what `llm-grader reset` restores
    stub_names = {p.relative_to(exercises).as_posix() for p in exercises.rglob("*.py")}
    for topic in chosen:
        for path in (root / "exercises" / topic).rglob("*"):
            rel = path.relative_to(root / "exercises").as_posix()
            if path.is_file() and rel not in stub_names and "__pycache__" not in path.parts:
                (exercises / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, exercises / rel)
    files = sync.plan(chosen, exercises)
    sync.write_stubs(files, exercises)                          # records the manifest


def _copy_slides(root: Path, out: Path, chosen: list[str], say) -> None:
    decks = [d for d in slides.decks() if d.stem in chosen]
    slides.make_missing_figures(decks, say)
    dest = out / "slides"
    dest.mkdir(parents=True)
    for deck in decks:
        shutil.copy2(deck, dest / deck.name)
        for fig in slides.figures_of(deck):
            (dest / "figures" / "out").mkdir(parents=True, exist_ok=True)
            shutil.copy2(fig, dest / "figures" / "out" / fig.name)
    for name in SLIDE_FILES:
        if (root / "slides" / name).exists():
            shutil.copy2(root / "slides" / name, dest / name)
    shutil.copytree(root / "slides" / "theme", dest / "theme")


def _pyproject(root: Path, out: Path) -> None:
    """The project file, with pytest pointed at the visible tests (there is no tests/ here)."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    text, n = re.subn(r'(?m)^testpaths = \[.*\]$', 'testpaths = ["exercises"]', text)
    if n != 1:
        raise ReleaseError("pyproject.toml has no `testpaths = [...]` line to point at exercises/")
    (out / "pyproject.toml").write_text(text, encoding="utf-8")


def learner_readme(readme: str) -> str:
    """The README's introduction and learner sections; in a release `pytest` runs the visible
    tests, which fail until the exercises are done."""
    parts = re.split(r"(?m)^(?=## )", readme)
    kept = [parts[0]] + [p for p in parts[1:] if p[3:].split("\n", 1)[0].strip() in LEARNER_SECTIONS]
    text = "".join(kept).rstrip() + (
        "\n\nIn this release `llm-grader check` runs the visible checks; your instructor grades with"
        " hidden checks as well.\nSlides: `slides/*.md` (build them with `npm ci --prefix slides &&"
        " llm-grader slides`).\n")
    text = re.sub(r"(?m)^pytest( +)# .*$",
                  lambda m: "pytest" + m.group(1) + "# the visible tests: they fail until you write the code", text)
    return re.sub(r"(?s)\n`pytest` proves every topic's checks.*?per-topic commands below\.\n", "\n", text)


def build(out: Path, selected=(), say=print) -> Path:
    """Write the learner distribution of the selected topics (default: all) into ``out``."""
    root = topics.project_root()
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} is not empty: give a new folder")
    inside = out == root or root in out.parents
    if inside and not any(root / d in out.parents for d in ("build", "dist")):
        raise ReleaseError(f"{out} is inside the project: give a folder outside it (or under build/)")
    chosen = [t for t in topics.available_topics() if not selected or t in selected]
    out.mkdir(parents=True, exist_ok=True)
    for name in TOP_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, out / name)
    _pyproject(root, out)
    (out / "README.md").write_text(learner_readme((root / "README.md").read_text(encoding="utf-8")),
                                   encoding="utf-8")
    shutil.copytree(root / "grader", out / "grader",
                    ignore=shutil.ignore_patterns("checks", "__pycache__", "*.pyc"))
    shutil.copytree(root / "data", out / "data", ignore=SKIP)
    _copy_exercises(root, out, chosen)
    _copy_slides(root, out, chosen, say)
    say(f"release of {len(chosen)} topics written to {out}")
    return out
