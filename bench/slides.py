"""Slide decks: figure time per topic, deck build time and size, against plain Marp.

    python bench/slides.py

Each deck is built twice in the same run: by `llm-grader slides` (figures embedded as data
URIs, one self-contained file) and by plain `marp` on the deck as written (figures left as
links next to the HTML). The ratio is the price of self-containment.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.build import slides  # noqa: E402


def _figure_times() -> dict[str, float]:
    make = slides.slides_dir() / "make_figures.py"
    times = {}
    for module in sorted((slides.slides_dir() / "figures").glob("t[0-9]_*.py")):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(make), module.stem], check=True, capture_output=True)
        times[module.stem] = time.perf_counter() - start
    return times


def _plain_marp(deck: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            *slides.marp_command(),
            "--no-stdin",
            "-c",
            str(slides.slides_dir() / ".marprc.yml"),
            str(deck),
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def markdown() -> str:
    figures = _figure_times()
    lines = [
        "## Slides: figures and decks",
        "",
        "Figures: `python slides/make_figures.py TOPIC`, one process per topic (imports included).",
        "Decks: `llm-grader slides` (self-contained HTML) vs plain `marp` on the same deck.",
        "",
        "| deck | slides | figures | figure time | build | plain marp | ratio | HTML size |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        built = slides.build(Path(tmp), say=lambda *_: None)
        for deck in built:
            plain = _plain_marp(deck.source, Path(tmp) / f"plain_{deck.source.stem}.html")
            size = deck.html.stat().st_size / 1e6
            lines.append(
                f"| {deck.source.stem} | {deck.slides} | {len(slides.figures_of(deck.source))} | "
                f"{figures.get(deck.source.stem, 0):.1f} s | {deck.seconds:.1f} s | {plain:.1f} s | "
                f"{deck.seconds / plain:.2f}× | {size:.2f} MB |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
