"""The decks: one theme, figures made by one command, built with Marp, nothing fetched online."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from grader.build import slides
from grader.core import topics

ROOT = topics.project_root()
DECKS = slides.decks()
# attributes and CSS that make a browser load something (links in <a href> load nothing)
RESOURCE = re.compile(
    r"""<(?:img|script|iframe|source|video|audio|embed)\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)"""
    r"""|url\(\s*(?:&quot;|["'])?([^"')&]+)"""
    r"""|@import\s+(?:url\()?["']([^"']+)""",
    re.IGNORECASE,
)

try:
    slides.marp_command()
    HAVE_MARP = True
except slides.SlidesError:
    HAVE_MARP = False
needs_marp = pytest.mark.skipif(
    not HAVE_MARP and not os.environ.get("CI"), reason="Marp not installed: npm ci --prefix slides"
)


def test_every_topic_has_a_deck_of_15_to_30_slides_in_the_workshop_theme():
    assert [d.stem for d in DECKS] == topics.available_topics()
    for deck in DECKS:
        text = deck.read_text(encoding="utf-8")
        front = text.split("\n---\n", 1)[0]
        assert "marp: true" in front and "theme: workshop" in front, f"{deck.name}: front matter"
        assert "style:" not in front, f"{deck.name}: put styling in slides/theme/workshop.css"
        assert "katex" not in front, f"{deck.name}: KaTeX output loads fonts from a CDN"
        assert 15 <= slides.slide_count(text) <= 30, (
            f"{deck.name}: {slides.slide_count(text)} slides"
        )


@pytest.fixture(scope="module")
def figures():
    """Run the figure command itself, as an author would."""
    started = time.time()
    subprocess.run(
        [sys.executable, "slides/make_figures.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=900,
    )
    return started


def test_the_figure_command_makes_every_png_the_decks_reference(figures):
    referenced = [f for d in DECKS for f in slides.figures_of(d)]
    assert referenced, "no deck shows a figure"
    stale = [f.name for f in referenced if not f.exists() or f.stat().st_mtime < figures - 1]
    assert not stale, f"referenced but not made by slides/make_figures.py: {stale}"


@pytest.fixture(scope="module")
def built(figures, tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    return out, slides.build(out, say=lambda *_: None)


@needs_marp
def test_each_deck_renders_every_slide(built):
    out, decks = built
    assert [d.source.stem for d in decks] == [d.stem for d in DECKS]
    for deck in decks:
        page = deck.html.read_text(encoding="utf-8")
        assert page.count("<section") >= deck.slides, f"{deck.html.name}: slides missing"
        assert page.count("<svg") >= deck.slides  # Marp wraps each slide in an inline SVG
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(d.html.name in index for d in decks)


@needs_marp
def test_decks_are_self_contained_and_load_nothing_from_the_web(built):
    _, decks = built
    for deck in decks:
        page = deck.html.read_text(encoding="utf-8")
        used = [next(g for g in m.groups() if g) for m in RESOURCE.finditer(page)]
        outside = [u for u in used if not u.startswith(("data:", "#"))]
        assert not outside, f"{deck.html.name} loads {outside[:5]}"
        figures = slides.figures_of(deck.source)
        assert page.count("data:image/png;base64,") >= len(figures), "figures not embedded"
