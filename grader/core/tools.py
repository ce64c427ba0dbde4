"""The external programs the course builds slides with (Marp, a browser for PDF): where they are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from grader.core import topics

CHROME_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class SlidesError(RuntimeError):
    """The decks cannot be built here (no Marp, no browser for PDF, a Marp failure)."""


def slides_dir() -> Path:
    """The workshop's slides/ folder."""
    return topics.project_root() / "slides"


def marp_command() -> list[str]:
    """The Marp command line: the one slides/package-lock.json installs, else one on PATH."""
    local = slides_dir() / "node_modules" / ".bin" / "marp"
    if local.exists():
        return [str(local)]
    if shutil.which("marp"):
        return ["marp"]
    raise SlidesError(
        "Marp is not installed: run `npm ci --prefix slides` "
        "(installs @marp-team/marp-cli from slides/package-lock.json)"
    )


def chrome_path() -> str | None:
    """``$CHROME_PATH``, else a Chromium or Chrome found on PATH."""
    env = os.environ.get("CHROME_PATH")
    if env:
        return env
    return next((p for p in map(shutil.which, CHROME_NAMES) if p), None)
