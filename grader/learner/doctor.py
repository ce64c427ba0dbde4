"""``llm-grader doctor``: is this environment the one the course was tested on?"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from grader.core import tools, topics

DIST = "llm-deep-dive"
LOCK = "constraints.txt"
FIX = "pip install -c constraints.txt -e ."  # run in the workshop folder
SHOWN = ("torch", "transformers", "trl", "peft", "datasets", "tokenizers", "nbgrader", "pytest")


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was looked at, what was found, and whether it is fine."""

    what: str
    found: str
    level: str = "ok"  # ok | warn | error
    fix: str = ""


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def read_lock(path: Path) -> dict[str, str]:
    """``name==version`` lines of a pip constraints file → {canonical name: version}."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def declared_ranges() -> list[Requirement]:
    """The project's own dependencies with their version ranges (from the installed metadata)."""
    reqs = [Requirement(r) for r in metadata.requires(DIST) or []]
    return [r for r in reqs if r.marker is None]


def _same(installed: str, locked: str) -> bool:
    return installed.split("+")[0] == locked.split("+")[0]


def check_python() -> Finding:
    """Python's version against what the course supports."""
    version = platform.python_version()
    ok = sys.version_info >= (3, 11)
    return Finding(
        "Python",
        f"{version} ({sys.executable})",
        "ok" if ok else "error",
        "" if ok else "install Python 3.11 or newer and make a new venv",
    )


def check_torch() -> Finding:
    """torch's version and the devices it sees (CPU, CUDA, MPS)."""
    try:
        import torch
    except ImportError:
        return Finding("torch", "not installed", "error", FIX)
    devices = ["cpu"]
    if torch.cuda.is_available():
        devices.append(f"cuda ({torch.cuda.get_device_name(0)})")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    return Finding("torch devices", ", ".join(devices) + " (checks always run on the CPU)")


def check_ranges(version_of=_installed) -> list[Finding]:
    """Every dependency installed and inside the range pyproject.toml declares."""
    out = []
    for req in declared_ranges():
        have = version_of(req.name)
        if have is None:
            out.append(Finding(req.name, "missing", "error", FIX))
        elif not req.specifier.contains(have.split("+")[0], prereleases=True):
            out.append(Finding(req.name, f"{have}, outside {req.specifier}", "error", FIX))
    return out


def check_lock(root: Path, version_of=_installed) -> list[Finding]:
    """The main libraries against the lock, and a count of any other difference."""
    lock_file = root / LOCK
    if not lock_file.is_file():
        return [Finding("lock", f"no {LOCK} in {root}", "warn")]
    pins = read_lock(lock_file)
    out, other = [], []
    for name, locked in pins.items():
        have = version_of(name)
        same = have is not None and _same(have, locked)
        if name in SHOWN:
            out.append(
                Finding(
                    name,
                    f"{have or 'missing'} (lock: {locked})",
                    "ok" if same else "warn",
                    "" if same else FIX,
                )
            )
        elif not same:
            other.append(f"{name} {have or 'missing'} (lock: {locked})")
    if other:
        out.append(
            Finding(
                "other libraries",
                f"{len(other)} differ from the lock: "
                + ", ".join(other[:5])
                + (" …" if len(other) > 5 else ""),
                "warn",
                FIX,
            )
        )
    return out


def check_root() -> Finding:
    """The workshop root in use, or why there is none."""
    try:
        root = topics.project_root()
    except topics.NoWorkshopError:
        return Finding(
            "workshop folder",
            f"{Path.cwd()} is not inside a workshop folder",
            "error",
            "cd into your workshop folder (the one with exercises/ and pyproject.toml)",
        )
    if not (root / "exercises").is_dir():
        return Finding(
            "workshop folder",
            f"{root} has no exercises/",
            "error",
            "run llm-grader inside your copy of the workshop",
        )
    return Finding("workshop folder", str(root))


def check_offline() -> Finding:
    """Whether the model hub is off, as the course needs."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        return Finding("offline mode", "on (no model hub access)")
    return Finding(
        "offline mode",
        "off: code may try to reach the model hub",
        "warn",
        "unset HF_HUB_OFFLINE (the course sets it to 1 unless you set it yourself)",
    )


def check_marp() -> Finding:
    """Whether Marp is there to build the slides."""
    try:
        return Finding("Marp (slides)", " ".join(tools.marp_command()))
    except (tools.SlidesError, topics.NoWorkshopError):
        return Finding(
            "Marp (slides)",
            "not installed (only needed to build slides)",
            "warn",
            "npm ci --prefix slides",
        )


def diagnose() -> list[Finding]:
    """Everything ``doctor`` reports, in order."""
    try:
        root = topics.project_root()
    except topics.NoWorkshopError:
        root = topics.package_root()
    return [
        check_python(),
        check_torch(),
        *check_ranges(),
        *check_lock(root),
        check_root(),
        check_offline(),
        check_marp(),
    ]


def print_findings(console, findings: list[Finding]) -> int:
    """Print the report; 1 when something is an error, else 0."""
    from rich.table import Table

    marks = {"ok": "[green]✔[/]", "warn": "[yellow]![/]", "error": "[red]✘[/]"}
    table = Table(show_header=False, box=None, pad_edge=False)
    for f in findings:
        table.add_row(marks[f.level], f.what, f.found + (f"  → {f.fix}" if f.fix else ""))
    console.print(table)
    errors = [f for f in findings if f.level == "error"]
    if errors:
        fixes = dict.fromkeys(f.fix for f in errors if f.fix)
        console.print(
            "[red]This environment is outside what the course supports.[/] Fix: " + "; ".join(fixes)
        )
        return 1
    console.print("Everything the course needs is in place.")
    return 0
