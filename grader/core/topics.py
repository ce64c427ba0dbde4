"""Where things live: the project root, the seven topics and their folders."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

TOPICS = (
    "t1_tokens",
    "t2_attention",
    "t3_pretraining",
    "t4_finetuning",
    "t5_rlhf",
    "t6_use_cases",
    "t7_trends",
)

TITLES = {
    "t1_tokens": "The tamed monster: tokens and sampling",
    "t2_attention": "Attention and the transformer",
    "t3_pretraining": "Pretraining and emergent behaviour",
    "t4_finetuning": "Supervised fine-tuning: the mask",
    "t5_rlhf": "RLHF: reward models and DPO",
    "t6_use_cases": "Use cases and custom evaluation",
    "t7_trends": "Trends: compute, algorithms, unhobbling",
}


class UsageError(ValueError):
    """A topic or target the user named does not exist."""


PROJECT_NAME = "llm-deep-dive"  # [project] name in a workshop's pyproject.toml


class NoWorkshopError(UsageError):
    """Neither the current folder nor the grader's own location is a workshop checkout."""


def is_workshop(folder: Path) -> bool:
    """``folder`` holds exercises/ and the pyproject.toml of this project."""
    pyproject = folder / "pyproject.toml"
    if not ((folder / "exercises").is_dir() and pyproject.is_file()):
        return False
    try:
        name = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return False
    return name == PROJECT_NAME


def checkout_of(folder: Path) -> Path | None:
    """The workshop checkout ``folder`` lies in (itself or the nearest parent), if any."""
    folder = folder.resolve()
    return next((d for d in (folder, *folder.parents) if is_workshop(d)), None)


def package_root() -> Path:
    """The folder holding the installed grader package (a checkout for an editable install,
    site-packages for a wheel)."""
    return Path(__file__).resolve().parents[2]


def project_root() -> Path:
    """The workshop checkout in use.

    $LLM_WORKSHOP_ROOT if set; else the checkout the current folder is in (so a copied clone
    grades and resets itself, whichever clone the grader was installed from); else the folder
    holding this package, when that is a workshop. Otherwise :class:`NoWorkshopError`.
    """
    env = os.environ.get("LLM_WORKSHOP_ROOT")
    if env:
        return Path(env).resolve()
    here = checkout_of(Path.cwd())
    if here is not None:
        return here
    fallback = package_root()
    if (fallback / "exercises").is_dir() or (fallback / "solutions").is_dir():
        return fallback
    raise NoWorkshopError(
        f"{Path.cwd()} is not inside a workshop folder: looked for a folder holding exercises/ "
        f"and the {PROJECT_NAME} pyproject.toml here and in every parent (and beside the "
        f"installed grader, {fallback}). Fix: cd into your workshop folder (the one you cloned "
        f"or unpacked) and run the command again."
    )


def root_notice() -> str | None:
    """One line naming the root in use when it is not the checkout of the current folder."""
    try:
        root = project_root()
    except NoWorkshopError:
        return None
    cwd = Path.cwd().resolve()
    if root == (checkout_of(cwd) or cwd):
        return None
    why = (
        "LLM_WORKSHOP_ROOT"
        if os.environ.get("LLM_WORKSHOP_ROOT")
        else "the current folder is not inside a workshop checkout"
    )
    return f"llm-grader: using the workshop at {root} ({why})"


def solutions_dir() -> Path:
    """The reference solutions (absent from a learner release)."""
    return project_root() / "solutions"


def exercises_dir() -> Path:
    """The learner's stubs, visible tests, READMEs and hints."""
    return project_root() / "exercises"


def checks_dir() -> Path:
    """Hidden checks, beside exercises/ and solutions/ (absent from a learner release)."""
    return project_root() / "checks"


PRISTINE = ".pristine"  # a learner release keeps the untouched stubs here for `reset`


def stub_source_dir() -> Path:
    """Where stubs come from: solutions/, or in a learner release the pristine stubs it ships."""
    solutions = solutions_dir()
    return solutions if solutions.is_dir() else exercises_dir() / PRISTINE


def solution_files(topic: str, solutions: Path | None = None) -> list[Path]:
    """The modules of a topic that become stubs (not tests or caches), in ``solutions`` or
    wherever stubs come from (solutions/, or a learner release's pristine stubs)."""
    folder = (solutions or stub_source_dir()) / topic
    return sorted(
        p
        for p in folder.rglob("*.py")
        if not p.name.startswith("test_") and "__pycache__" not in p.parts
    )


def state_dir() -> Path:
    """Per-checkout state: last results, revealed hints, reset backups (git-ignored)."""
    return project_root() / ".llm-grader"


def available_topics() -> list[str]:
    """Topics that exist in this checkout (in course order)."""
    roots = [solutions_dir(), exercises_dir()]
    return [t for t in TOPICS if any((r / t).is_dir() for r in roots)]


def number(topic: str) -> int:
    """'t1_tokens' → 1: the topic's number in the course (what ``llm-grader check N`` takes)."""
    match = re.fullmatch(r"t(\d+)_\w+", topic)
    if not match:
        raise UsageError(f"not a topic id such as {TOPICS[0]!r}: {topic!r}")
    return int(match.group(1))


def resolve_topic(name: str | int) -> str:
    """'t1_tokens', 't1', '1' or 1 → 't1_tokens'."""
    text = str(name).strip().lower()
    match = re.fullmatch(r"t?(\d+)(_.*)?", text)
    if match:
        index = int(match.group(1))
        if 1 <= index <= len(TOPICS):
            topic = TOPICS[index - 1]
            if match.group(2) is None or topic == text:
                return topic
    if text in TOPICS:
        return text
    raise UsageError(f"unknown topic {name!r}: use a number 1-7 or an id such as {TOPICS[0]!r}")


@dataclass(frozen=True)
class Target:
    """A folder holding one package per topic (exercises/, solutions/ or a submission)."""

    name: str
    root: Path

    def topic_dir(self, topic: str) -> Path:
        """Where this target keeps ``topic``'s modules."""
        return self.root / topic


def resolve_target(spec: str | os.PathLike | None) -> Target:
    """``exercises`` (default), ``solutions``, or a path to a submission.

    A submission is a folder laid out like exercises/ or a clone of the whole repo
    (then its exercises/ folder is used).
    """
    spec = "exercises" if spec in (None, "") else str(spec)
    if spec == "exercises":
        return Target("exercises", exercises_dir())
    if spec == "solutions":
        return Target("solutions", solutions_dir())
    path = Path(spec).expanduser().resolve()
    if not path.is_dir():
        raise UsageError(f"target {spec!r} is neither 'exercises', 'solutions' nor a folder")
    if (path / "exercises").is_dir() and not any((path / t).is_dir() for t in TOPICS):
        path = path / "exercises"
    return Target(str(spec), path)
