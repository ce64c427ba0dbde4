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

from grader.build import slides, sync
from grader.core import topics

TOP_FILES = ("LICENSE", ".gitignore", "constraints.txt")  # the lock: the README installs from it
LEARNER_SECTIONS = ("Set up", "Learner path")  # the README's parts a learner needs
SLIDE_FILES = ("package.json", "package-lock.json", ".marprc.yml")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "node_modules", "build")


class ReleaseError(RuntimeError):
    """OUT cannot be written (not empty, or inside the project)."""


def _copy_exercises(root: Path, out: Path, chosen: list[str]) -> None:
    exercises = out / "exercises"
    sync.build_stubs(exercises, chosen)
    sync.build_stubs(exercises / topics.PRISTINE, chosen)  # what `llm-grader reset` restores
    stub_names = {p.relative_to(exercises).as_posix() for p in exercises.rglob("*.py")}
    for topic in chosen:
        for path in (root / "exercises" / topic).rglob("*"):
            rel = path.relative_to(root / "exercises").as_posix()
            if path.is_file() and rel not in stub_names and "__pycache__" not in path.parts:
                (exercises / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, exercises / rel)
    files = sync.plan(chosen, exercises)
    sync.write_stubs(files, exercises)  # records the manifest


def _copy_slides(root: Path, out: Path, chosen: list[str], say, log=None, phase=None) -> None:
    decks = [d for d in slides.decks() if d.stem in chosen]
    slides.make_missing_figures(
        decks,
        say,
        log=log,
        on_topic=phase and (lambda t: phase(f"slide figures of {t} (training the tiny models)")),
    )
    if phase:
        phase("slide decks and their figures")
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
    text, n = re.subn(r"(?m)^testpaths = \[.*\]$", 'testpaths = ["exercises"]', text)
    if n != 1:
        raise ReleaseError("pyproject.toml has no `testpaths = [...]` line to point at exercises/")
    (out / "pyproject.toml").write_text(text, encoding="utf-8")


INSTRUCTOR_COMMANDS = (
    "score",
    "sync",
    "release",
    "nbgrader",
    "notebooks",
    "gradescope",
    "classroom",
)  # need solutions/ and the hidden checks

RELEASE_README = """
## Set up

You need Python 3.11 or newer. In this folder:

```bash
python3 -m venv .venv && source .venv/bin/activate
pip install -c constraints.txt -e .   # install (the exact tested versions)
pytest                                # the visible tests: they fail until you write the code
```

**On Linux without a GPU, install the CPU build of torch first**, or pip fetches about 2.7 GB
of CUDA packages instead of about 200 MB:

```bash
pip install {torch} --index-url https://download.pytorch.org/whl/cpu   # Linux only, before the line above
```

macOS and Windows get a CPU build from the default index. `constraints.txt` holds the exact
versions the workshop was tested with; `llm-grader doctor` checks your environment against it
and prints the one command that fixes a mismatch.

## Learner path

Each topic is a folder in `exercises/` with a README (goals, background, numbered tasks),
stub functions that raise `NotImplementedError`, and visible tests.

```bash
pytest exercises/t1_tokens          # the visible tests of topic 1 (fail until you write the code)
llm-grader check 1                  # the same visible checks, with points and what to fix
llm-grader hint 1 3                 # the next hint for task 3 (ask again for more)
llm-grader watch 1                  # re-run the visible tests whenever you save
llm-grader status                   # your progress across the topics (from the last check)
llm-grader reset 1                  # restore topic 1's stubs; your files go to .llm-grader/backups/
```

Topics can be named by number (`1`) or id (`t1_tokens`). `llm-grader check` exits 0 only
when every check passes; `--json FILE` writes the results for tools.

This release holds the visible checks only, and `llm-grader check` runs those. Your
instructor grades your work with hidden checks as well, from the instructor checkout; the
instructors' commands ({instructor}) are not available here.

## Slides

One Marp deck per topic in `slides/`, with its figures. `npm ci --prefix slides && llm-grader
slides` builds them into self-contained HTML in `slides/build/` (add `--pdf` where Chromium
is installed).
"""


def _pinned(root: Path, name: str) -> str:
    """``name==version`` from the lock (the bare name if the lock does not pin it)."""
    lock = root / "constraints.txt"
    text = lock.read_text(encoding="utf-8") if lock.exists() else ""
    match = re.search(rf"(?mi)^{re.escape(name)}==([^\s;#]+)", text)
    return f"{name}=={match.group(1)}" if match else name


def learner_readme(readme: str, root: Path | None = None) -> str:
    """The release's own README: the project README's introduction (title, topic table), then
    set-up, learner path and slides written for a release (no instructor commands, no claim
    of hidden checks)."""
    intro = re.split(r"(?m)^(?=## )", readme)[0].rstrip()
    instructor = ", ".join(f"`llm-grader {c}`" for c in INSTRUCTOR_COMMANDS)
    return (
        intro
        + "\n"
        + RELEASE_README.format(
            torch=_pinned(root or topics.project_root(), "torch"), instructor=instructor
        )
    )


def instructor_only(command: str) -> str | None:
    """The one-line refusal for an instructor command outside the instructor checkout."""
    if command not in INSTRUCTOR_COMMANDS or topics.solutions_dir().is_dir():
        return None
    return (
        f"`llm-grader {command}` needs the instructor checkout (with solutions/ and the "
        f"hidden checks); this is a learner release, which has neither"
    )


def build(out: Path, selected=(), say=print, log: Path | None = None, phase=None) -> Path:
    """Write the learner distribution of the selected topics (default: all) into ``out``.
    With ``log``, the figure scripts' output (training logs) goes to that file; ``phase(text)``
    is told when each phase starts."""
    phase = phase or (lambda text: None)
    root = topics.project_root()
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} is not empty: give a new folder")
    inside = out == root or root in out.parents
    if inside and not any(root / d in out.parents for d in ("build", "dist")):
        raise ReleaseError(
            f"{out} is inside the project: give a folder outside it (or under build/)"
        )
    chosen = [t for t in topics.available_topics() if not selected or t in selected]
    out.mkdir(parents=True, exist_ok=True)
    phase("project files, data and the grader (without its hidden checks)")
    for name in TOP_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, out / name)
    _pyproject(root, out)
    (out / "README.md").write_text(
        learner_readme((root / "README.md").read_text(encoding="utf-8"), root), encoding="utf-8"
    )
    shutil.copytree(
        root / "grader",
        out / "grader",
        ignore=shutil.ignore_patterns("checks", "__pycache__", "*.pyc"),
    )
    shutil.copytree(root / "data", out / "data", ignore=SKIP)
    phase("stubs, visible tests, READMEs and hints")
    _copy_exercises(root, out, chosen)
    _copy_slides(root, out, chosen, say, log=log, phase=phase)
    say(f"release of {len(chosen)} topics written to {out}")
    return out


def log_path() -> Path:
    """Where `llm-grader release` keeps the figure scripts' output (git-ignored)."""
    return topics.state_dir() / "release.log"


def build_with_progress(out: Path, selected, console, log: Path | None = None) -> Path:
    """``build`` for the command line: one line per phase with a spinner and its time (rich),
    the training logs of the figure scripts in ``log`` (default ``log_path()``), not on screen."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    log = log or log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"llm-grader release {out}\n", encoding="utf-8")
    columns = (
        SpinnerColumn(finished_text="[green]✓[/]"),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        running = []

        def phase(text: str) -> None:
            if running:
                progress.update(running[-1], completed=1)
            running.append(progress.add_task(text, total=1))

        built = build(
            out,
            selected,
            say=lambda text: progress.console.print(text, markup=False),
            log=log,
            phase=phase,
        )
        progress.update(running[-1], completed=1)
    console.print(f"Output of the figure scripts (training logs): {log}")
    return built
