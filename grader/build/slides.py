"""Build the Marp decks into self-contained HTML (and PDF): ``llm-grader slides [--pdf]``.

Every deck in ``slides/`` uses the ``workshop`` theme (``slides/theme``) and the settings in
``slides/.marprc.yml``. Figures are made by ``slides/make_figures.py`` and embedded into the
HTML as data URIs, so one file works offline, by e-mail or from a USB stick.
"""

from __future__ import annotations

import base64
import html
import re
import runpy
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from grader.core import topics
from grader.core.tools import SlidesError, chrome_path, marp_command, slides_dir

FIGURE = re.compile(r"figures/out/[\w.-]+\.png")


@dataclass
class Deck:
    """One built deck: its sources, outputs, slide count and build time."""

    source: Path
    html: Path
    pdf: Path | None
    slides: int
    seconds: float


def decks(selected=()) -> list[Path]:
    """The topic decks ``slides/tN_*.md`` (all, or those whose topic is selected)."""
    found = sorted(slides_dir().glob("t[0-9]_*.md"))
    return [d for d in found if not selected or d.stem in selected]


def figures_of(deck: Path) -> list[Path]:
    """The figure files a deck refers to (``figures/out/NAME.png``), in order, once each."""
    names = dict.fromkeys(FIGURE.findall(deck.read_text(encoding="utf-8")))
    return [deck.parent / n for n in names]


def slide_count(markdown: str) -> int:
    """Slides in a Marp deck: the ``---`` rulers after the front matter, plus one."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    fenced, rulers = False, 0
    for line in body.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif line.strip() == "---" and not fenced:
            rulers += 1
    return rulers + 1


def make_missing_figures(
    selected_decks: list[Path], say=print, log: Path | None = None, on_topic=None
) -> None:
    """Run the figure modules of the decks whose figures are not there yet. With ``log``, each
    topic's figures are made by its own ``python slides/make_figures.py TOPIC`` whose output
    (training logs) goes to that file instead of the terminal; ``on_topic(topic)`` before each."""
    stale = sorted({d.stem for d in selected_decks if any(not f.exists() for f in figures_of(d))})
    if stale and log is None:
        say(f"making figures for {', '.join(stale)} (python slides/make_figures.py)")
        script = runpy.run_path(str(slides_dir() / "make_figures.py"))
        script["main"](stale)
    elif stale:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as f:
            for topic in stale:
                if on_topic:
                    on_topic(topic)
                f.write(f"\n=== python slides/make_figures.py {topic}\n")
                f.flush()
                done = subprocess.run(
                    [sys.executable, str(slides_dir() / "make_figures.py"), topic],
                    stdin=subprocess.DEVNULL,
                    stdout=f,
                    stderr=subprocess.STDOUT,
                    check=False,
                )
                if done.returncode != 0:
                    raise SlidesError(
                        f"making the figures of {topic} failed (exit {done.returncode}): see {log}"
                    )
    missing = [
        str(f.relative_to(slides_dir()))
        for d in selected_decks
        for f in figures_of(d)
        if not f.exists()
    ]
    if missing:
        raise SlidesError(f"figures referenced by the decks were not made: {', '.join(missing)}")


def inline_figures(markdown: str, base: Path) -> str:
    """Replace ``figures/out/X.png`` references by data URIs (self-contained output)."""

    def data_uri(match: re.Match) -> str:
        png = (base / match.group(0)).read_bytes()
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    return FIGURE.sub(data_uri, markdown)


def _marp(deck_md: Path, out: Path, pdf: bool) -> None:
    cmd = [
        *marp_command(),
        "--no-stdin",
        "-c",
        str(slides_dir() / ".marprc.yml"),
        str(deck_md),
        "-o",
        str(out),
    ]
    if pdf:  # Marp itself turns Chromium's sandbox off for root and in containers
        chrome = chrome_path()
        if not chrome:
            raise SlidesError("PDF needs Chromium or Chrome: install it or set CHROME_PATH")
        cmd[1:1] = ["--pdf", "--allow-local-files", "--browser-path", chrome]
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise SlidesError(f"marp failed on {deck_md.name}:\n{done.stdout}{done.stderr}")


def build(out_dir: Path, pdf: bool = False, selected=(), say=print) -> list[Deck]:
    """Build the selected decks into ``out_dir`` (HTML always; PDF on request) plus an index."""
    chosen = decks(selected)
    if not chosen:
        raise SlidesError("no decks found in slides/")
    make_missing_figures(chosen, say)
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    with tempfile.TemporaryDirectory() as tmp:
        for deck in chosen:
            start = time.perf_counter()
            text = deck.read_text(encoding="utf-8")
            staged = Path(tmp) / deck.name
            staged.write_text(inline_figures(text, deck.parent), encoding="utf-8")
            page = out_dir / f"{deck.stem}.html"
            _marp(staged, page, pdf=False)
            doc = None
            if pdf:
                doc = out_dir / f"{deck.stem}.pdf"
                _marp(staged, doc, pdf=True)
            built.append(Deck(deck, page, doc, slide_count(text), time.perf_counter() - start))
            say(
                f"{deck.stem}: {built[-1].slides} slides -> {page.name}"
                + (f", {doc.name}" if doc else "")
                + f" ({built[-1].seconds:.1f} s)"
            )
    write_index(out_dir, built)
    return built


def write_index(out_dir: Path, built: list[Deck]) -> Path:
    """A plain page linking every deck (no scripts, no external resources)."""
    rows = "\n".join(
        f'<li><a href="{d.html.name}">{html.escape(topics.TITLES.get(d.source.stem, d.source.stem))}'
        f"</a> ({d.slides} slides)"
        + (f' · <a href="{d.pdf.name}">PDF</a>' if d.pdf else "")
        + "</li>"
        for d in built
    )
    index = out_dir / "index.html"
    index.write_text(
        "<!doctype html><meta charset=utf-8><title>LLM Deep Dive: slides</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto}</style>"
        f"<h1>LLM Deep Dive: slides</h1><ol>\n{rows}\n</ol>\n",
        encoding="utf-8",
    )
    return index
