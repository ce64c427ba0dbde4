"""Read what a matplotlib figure shows, whatever way it was drawn.

Checks of a plotting task identify artists by what they show (their data, their label),
never by their position on the axes: a learner may draw a band before the fit line, points
with ``ax.scatter`` or with ``ax.plot(x, y, "o", linestyle="none")``, a legend with
``ax.legend()`` or ``fig.legend()``, a title with ``ax.set_title`` or ``fig.suptitle``.

``save_figure`` is the other side: how the slide figures (``slides/figures/tN_*.py``) and the
demos write a finished figure.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.collections import PathCollection

_NO_MARKER = (None, "None", "none", "", " ")
_NO_LINE = (None, "None", "none", "", " ")


def _axes_list(fig_or_ax) -> list:
    return list(fig_or_ax.axes) if hasattr(fig_or_ax, "add_subplot") else [fig_or_ax]


def _is_marker_only(line) -> bool:
    return line.get_marker() not in _NO_MARKER and line.get_linestyle() in _NO_LINE


def points(fig_or_ax) -> np.ndarray:
    """Every data point drawn as a marker, as an (n, 2) array of (x, y).

    Counts ``scatter`` points (PathCollection offsets) and lines drawn with markers but no
    line style (``ax.plot(x, y, "o")``). Filled areas (``fill_between``) and curves are not
    points.
    """
    arrays = []
    for ax in _axes_list(fig_or_ax):
        for collection in ax.collections:
            if isinstance(collection, PathCollection):
                offsets = np.asarray(collection.get_offsets(), dtype=float)
                if offsets.ndim == 2 and offsets.shape[1] == 2 and len(offsets):
                    arrays.append(offsets)
        for line in ax.get_lines():
            if _is_marker_only(line):
                xy = np.column_stack(
                    [
                        np.asarray(line.get_xdata(), dtype=float),
                        np.asarray(line.get_ydata(), dtype=float),
                    ]
                )
                if len(xy):
                    arrays.append(xy)
    return np.concatenate(arrays) if arrays else np.empty((0, 2))


def curves(fig_or_ax, min_points: int = 2) -> list:
    """The lines drawn with a line style (not marker-only) through at least ``min_points``."""
    return [
        line
        for ax in _axes_list(fig_or_ax)
        for line in ax.get_lines()
        if line.get_linestyle() not in _NO_LINE and len(line.get_xdata()) >= min_points
    ]


def xy(line) -> tuple[np.ndarray, np.ndarray]:
    """A line's data as float arrays."""
    return (np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float))


def find_curve(fig_or_ax, function, rtol: float = 1e-6):
    """The first curve whose y values equal ``function(x)`` at its own x values, or None."""
    for line in curves(fig_or_ax):
        x, y = xy(line)
        with np.errstate(all="ignore"):
            want = np.asarray(function(x), dtype=float)
        if want.shape == y.shape and np.all(np.isfinite(y)) and np.allclose(y, want, rtol=rtol):
            return line
    return None


def label(line) -> str:
    """A line's label, or '' for matplotlib's automatic '_child0'-style names."""
    text = str(line.get_label() or "")
    return "" if text.startswith("_") else text


def has_legend(fig) -> bool:
    """True for a legend on any axes (``ax.legend()``) or on the figure (``fig.legend()``)."""
    return bool(getattr(fig, "legends", None)) or any(
        ax.get_legend() is not None for ax in _axes_list(fig)
    )


def title(fig) -> str:
    """The title text: the axes' own (``ax.set_title``, any location) or the figure's
    (``fig.suptitle``); '' when there is none."""
    for ax in _axes_list(fig):
        for loc in ("center", "left", "right"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    if hasattr(fig, "get_suptitle"):
        return fig.get_suptitle()
    suptitle = getattr(fig, "_suptitle", None)  # matplotlib < 3.8
    return suptitle.get_text() if suptitle is not None else ""


def data_axes(fig):
    """The axes that holds the data: the one with the most points and curves (the first on a tie)."""
    axes = list(fig.axes)
    return max(axes, key=lambda ax: (len(points(ax)) + len(curves(ax)), -axes.index(ax)))


def save_figure(fig, path, dpi: float | None = 150) -> Path:
    """Lay ``fig`` out (``tight_layout``), write it to ``path``, close it; return the path.

    ``dpi=None`` keeps matplotlib's ``savefig.dpi`` setting.
    """
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return Path(path)
