"""grader.core.plots.save_figure: the one way the slide figures write a PNG."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from grader.core.plots import save_figure  # noqa: E402


def test_save_figure_writes_the_png_closes_the_figure_and_returns_its_path(tmp_path):
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [1, 0])
    path = save_figure(fig, tmp_path / "line.png", dpi=50)
    assert path == tmp_path / "line.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not plt.fignum_exists(fig.number)


def test_save_figure_takes_the_dpi_and_keeps_matplotlibs_default_for_none(tmp_path):
    sizes = {}
    for dpi in (50, 100, None):
        fig, _ = plt.subplots(figsize=(2, 1))
        with matplotlib.rc_context({"savefig.dpi": 100}):
            path = save_figure(fig, tmp_path / f"{dpi}.png", dpi=dpi)
        sizes[dpi] = matplotlib.image.imread(path).shape[:2]
    assert sizes[50] == (50, 100)
    assert sizes[100] == sizes[None] == (100, 200)
