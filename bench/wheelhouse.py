"""The Linux wheelhouse command of docs/instructor.md, run in its documented shape.

    python bench/wheelhouse.py

Reads the Linux `pip download` command from docs/instructor.md and runs it with the same
options (`-d`, `--only-binary=:all:`, `--platform`, `--python-version`, `-c` the lock) but
other requirements: the CPU index of torch is not reachable everywhere and torch is 200 MB, so
the torch index options and `torch==…` are dropped and `./workshop` is a small local project
that depends on one small PyPI package. Then the documented learner install runs in a fresh
venv with `--no-index --find-links` that folder. Needs PyPI; prints a markdown table.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "instructor.md"
TINY = """[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "tiny-workshop"
version = "0.1"
dependencies = ["packaging"]
"""


def linux_command() -> list[str]:
    for block in re.findall(r"```bash\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:2] == ["pip", "download"] and any(w.startswith("manylinux") for w in words):
                return words
    raise SystemExit("docs/instructor.md has no Linux `pip download` command")


def shaped(words: list[str], workshop: Path, folder: Path) -> list[str]:
    """The documented command with the torch index and torch left out, ./workshop swapped."""
    out, skip = [], False
    for w in words[2:]:
        if skip:
            skip = False
            continue
        if w in ("--index-url", "--extra-index-url"):
            skip = True
            continue
        if w.startswith("torch=="):
            continue
        if w == "-c":
            out += ["-c", str(ROOT / "constraints.txt")]
            skip = True
            continue
        out.append(str(workshop) if w == "./workshop" else w)
    out[out.index("-d") + 1] = str(folder)
    return [sys.executable, "-m", "pip", "download", "-q", *out]


def run() -> dict:
    words = linux_command()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        workshop = tmp / "workshop"
        (workshop / "tiny_workshop").mkdir(parents=True)
        (workshop / "tiny_workshop" / "__init__.py").write_text("")
        (workshop / "pyproject.toml").write_text(TINY)
        folder = tmp / Path(words[words.index("-d") + 1]).name
        cmd = shaped(words, workshop, folder)
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        download_s = time.perf_counter() - start
        wheels = sorted(p.name for p in folder.iterdir())
        subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
        pip = [
            str(tmp / "venv" / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(folder),
            "-c",
            str(ROOT / "constraints.txt"),
            "-e",
            str(workshop),
        ]
        start = time.perf_counter()
        subprocess.run(pip, check=True)
        install_s = time.perf_counter() - start
    return {
        "documented": " ".join(words),
        "ran": " ".join(cmd[2:]),
        "wheels": wheels,
        "download_s": download_s,
        "install_s": install_s,
    }


def markdown(result=None) -> str:
    r = result or run()
    return (
        "\n".join(
            [
                "| step | result |",
                "|---|---|",
                f"| documented | `{r['documented']}` |",
                f"| ran (same options) | `{r['ran']}` |",
                f"| wheelhouse | {len(r['wheels'])} wheels: {', '.join(r['wheels'])} |",
                f"| download | {r['download_s']:.1f} s |",
                f"| offline install into a fresh venv | {r['install_s']:.1f} s |",
            ]
        )
        + "\n"
    )


if __name__ == "__main__":
    print(markdown())
