"""Trends behind LLM progress, fitted to real published numbers.

Progress in the large-scale era decomposes into three sources, each worth orders of
magnitude (OOMs, factors of ten):

* **compute**: more training FLOP spent on each new frontier model;
* **algorithmic progress**: better architectures, data and recipes, so the same FLOP buys a
  better model (counted as "effective compute");
* **unhobbling**: unlocking what a trained model can already do (chat tuning, tools, longer
  context, chain of thought); these gains come in jumps, not as a smooth trend.

This module fits exponential trends to ``data/notable_models.csv`` (figures from papers and
Epoch AI, see its ``source`` column), allocates compute the Chinchilla way, fits power laws
and adds up OOMs for projections. Everything works on NumPy arrays and plain floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

DATA_FILE = "notable_models.csv"

# Hoffmann et al. 2022 ("Chinchilla"), approach 3: L(N, D) = E + A / N**alpha + B / D**beta.
CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
# The same law refitted by Epoch AI (Besiroglu et al. 2024) from the paper's own data.
EPOCH_REFIT = {"E": 1.82, "A": 482.0, "B": 2085.4, "alpha": 0.348, "beta": 0.366}

# Published trend rates in orders of magnitude per year (see the topic README for sources).
PUBLISHED_COMPUTE_OOMS_PER_YEAR = (0.60, 0.70)   # 4-5x per year (Sevilla & Roldan, Epoch AI 2024)
PUBLISHED_ALGORITHMIC_OOMS_PER_YEAR = 0.45       # halving every ~8 months (Ho et al. 2024)


# ------------------------------------------------------------------------------ given: data


def decimal_year(date: str) -> float:
    """``"2020-05"`` → 2020.375: the middle of that month as a fractional year."""
    year, month = str(date).split("-")[:2]
    return int(year) + (int(month) - 0.5) / 12


def data_path() -> Path:
    """Where ``notable_models.csv`` lives: the repository's ``data/`` folder."""
    here = Path(__file__).resolve()
    candidates = [here.parent.parent.parent / "data" / DATA_FILE]
    try:  # the grader knows the repository root even when this file was copied elsewhere
        from grader.core.topics import project_root

        candidates.append(project_root() / "data" / DATA_FILE)
    except ImportError:  # pragma: no cover - the grader is installed with the project
        pass
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"{DATA_FILE} not found in {[str(c.parent) for c in candidates]}")


def load_notable_models(path: str | Path | None = None) -> pd.DataFrame:
    """The notable language models as a DataFrame, one row per model, sorted by date.

    Columns: ``name``, ``organisation``, ``date`` ("YYYY-MM"), ``parameters``,
    ``active_parameters`` (mixture-of-experts models only), ``training_tokens``,
    ``training_flop``, ``flop_source`` ("published": a figure from the paper or Epoch AI;
    "derived": 6·N·D from the published N and D), ``source`` (the citation), ``notes``,
    ``date_basis`` (``date`` is the first public release or paper, whichever came first;
    this says which), and ``year`` (decimal year, added here). Unknown numbers are NaN.
    """
    frame = pd.read_csv(path or data_path())
    frame["year"] = frame["date"].map(decimal_year)
    return frame.sort_values("year", kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------------ compute


def training_flops(params, tokens):
    """Training compute in FLOP of a dense transformer: ``C ≈ 6·N·D``.

    ``params`` is N (parameters; for a mixture of experts, the *active* parameters per
    token), ``tokens`` is D (training tokens). Per token, the forward pass costs about 2
    FLOP per parameter (one multiply and one add) and the backward pass about twice that.
    Works elementwise on NumPy arrays and pandas Series too.
    """
    # YOUR CODE HERE
    raise NotImplementedError("training_flops — task 1 in exercises/t7_trends/README.md")


@dataclass(frozen=True)
class Trend:
    """An exponential trend: a straight line in log10 space.

    ``log10(value) = log10_at_reference + ooms_per_year · (year − reference_year)``.

    ``ooms_per_year`` is the slope in orders of magnitude (powers of ten) per year;
    ``ooms_per_year_stderr`` its standard error from the fit (NaN if unknown) and
    ``n_points`` the number of points it was fitted to.
    """

    ooms_per_year: float
    reference_year: float
    log10_at_reference: float
    ooms_per_year_stderr: float = float("nan")
    n_points: int = 0

    @property
    def growth_per_year(self) -> float:
        """The factor the value is multiplied by each year (0.6 OOM/yr → 3.98×)."""
        # YOUR CODE HERE
        raise NotImplementedError("Trend.growth_per_year — task 2 in exercises/t7_trends/README.md")

    @property
    def doubling_time_months(self) -> float:
        """Months for the value to double (0.6 OOM/yr → 6.02 months); ``inf`` for a flat trend.

        A shrinking trend (negative slope) gives a negative doubling time (it halves).
        """
        # YOUR CODE HERE
        raise NotImplementedError("Trend.doubling_time_months — task 2 in exercises/t7_trends/README.md")

    def predict(self, year):
        """The trend's value (not its log) at ``year``: a float, or an array for an array."""
        # YOUR CODE HERE
        raise NotImplementedError("Trend.predict — task 2 in exercises/t7_trends/README.md")

    def describe(self) -> str:
        """One line for humans: ``3.98×/yr (0.60 ± 0.09 OOM/yr), doubling every 6.0 months``."""
        stderr = self.ooms_per_year_stderr
        spread = "" if math.isnan(stderr) else f" ± {stderr:.2f}"
        return (f"{self.growth_per_year:.2f}×/yr ({self.ooms_per_year:.2f}{spread} OOM/yr), "
                f"doubling every {self.doubling_time_months:.1f} months")


def fit_exponential_trend(years, values) -> Trend:
    """Least-squares fit of a straight line to ``log10(values)`` against ``years``.

    ``years`` and ``values`` are 1-D sequences of the same length (lists, arrays or pandas
    Series). Pairs where either is NaN are left out; the remaining values must be positive,
    and at least 3 points with at least two distinct years must remain (``ValueError``
    otherwise). Returns a ``Trend`` with

    * ``ooms_per_year``: the slope of the line (ordinary least squares);
    * ``reference_year``: the mean of the years used, and ``log10_at_reference`` the line's
      value there (which is the mean of the ``log10(values)``);
    * ``ooms_per_year_stderr``: the slope's standard error,
      ``sqrt(sum(residuals²) / (n − 2) / sum((year − mean year)²))``;
    * ``n_points``: the number of points used.

    The result equals ``numpy.polyfit(years, log10(values), 1)`` (and its ``cov=True``
    standard error); write it from the closed form, not with polyfit.
    """
    # YOUR CODE HERE
    raise NotImplementedError("fit_exponential_trend — task 3 in exercises/t7_trends/README.md")


def plot_trend(df: pd.DataFrame, trend: Trend, title: str | None = None) -> Figure:
    """Scatter ``df["training_flop"]`` against ``df["year"]`` with ``trend`` drawn through it.

    Rows without a FLOP figure are skipped. The figure has one axes with a **log-scale y
    axis**, the data as points (``ax.scatter``, or ``ax.plot`` with a marker and no line),
    the fitted trend as a line over the years of the data (``trend.predict``), an x label
    mentioning the year, a y label mentioning FLOP, a legend (``ax.legend`` or
    ``fig.legend``), and a title (``title``, or one stating the growth per year and doubling
    time; ``ax.set_title`` or ``fig.suptitle``). Extra lines (a ±2σ band, say) are welcome.
    Build it with ``matplotlib.figure.Figure`` (no ``pyplot``, no ``show``) and return it;
    ``fig.savefig("trend.png")`` must work.
    """
    # YOUR CODE HERE
    raise NotImplementedError("plot_trend — task 4 in exercises/t7_trends/README.md")


# ------------------------------------------------------------------------------ scaling laws


def chinchilla_optimal(compute, tokens_per_param: float = 20.0) -> tuple[float, float]:
    """The Chinchilla rule of thumb: (N, D) with ``6·N·D = compute`` and ``D = tokens_per_param·N``.

    5.76e23 FLOP (Chinchilla's budget) → about 69B parameters and 1.39T tokens.
    Works elementwise on arrays.
    """
    # YOUR CODE HERE
    raise NotImplementedError("chinchilla_optimal — task 5 in exercises/t7_trends/README.md")


def chinchilla_loss(N, D, E: float = 1.69, A: float = 406.4, B: float = 410.7,
                    alpha: float = 0.34, beta: float = 0.28):
    """The Chinchilla parametric loss ``L(N, D) = E + A / N**alpha + B / D**beta`` (nats/token).

    ``E`` is the irreducible loss of the text, ``A / N**alpha`` what a finite model costs,
    ``B / D**beta`` what finite data costs. The defaults are Hoffmann et al.'s fit.
    Works elementwise on arrays.
    """
    # YOUR CODE HERE
    raise NotImplementedError("chinchilla_loss — task 6 in exercises/t7_trends/README.md")


def loss_optimal_allocation(compute, A: float = 406.4, B: float = 410.7,
                            alpha: float = 0.34, beta: float = 0.28) -> tuple[float, float]:
    """(N, D) minimising ``chinchilla_loss(N, D)`` under the budget ``6·N·D = compute``.

    With ``D = compute / (6N)`` the loss is a function of N alone; setting its derivative to
    zero gives ``alpha·A / N**alpha = beta·B / D**beta``, hence the closed form
    ``N = G · (compute/6) ** (beta / (alpha+beta))`` with
    ``G = (alpha·A / (beta·B)) ** (1 / (alpha+beta))``, and ``D = compute / (6N)``.
    (E does not move the optimum.) Works elementwise on arrays.
    """
    # YOUR CODE HERE
    raise NotImplementedError("loss_optimal_allocation — task 7 in exercises/t7_trends/README.md")


def fit_power_law(x, y) -> tuple[float, float]:
    """Fit ``y = a · x**(−alpha)`` by least squares on ``log10(y)`` against ``log10(x)``.

    Returns ``(a, alpha)``: a decreasing law (loss falling with compute) has ``alpha > 0``.
    ``x`` and ``y`` must be positive. A power law is a straight line on log-log axes.
    """
    # YOUR CODE HERE
    raise NotImplementedError("fit_power_law — task 8 in exercises/t7_trends/README.md")


# ------------------------------------------------------------------------------ projections


def effective_compute_ooms(years, compute_ooms_per_year, algorithmic_ooms_per_year,
                           unhobbling_ooms: float = 0.0):
    """Orders of magnitude of effective compute gained over ``years``.

    Physical compute and algorithmic efficiency both grow at a steady rate (OOM per year)
    and their gains multiply, so their OOMs add; unhobbling is a one-off number of OOMs
    for the whole period (not per year). Works elementwise on arrays.
    """
    # YOUR CODE HERE
    raise NotImplementedError("effective_compute_ooms — task 9 in exercises/t7_trends/README.md")


def sensitivity_table(years, compute_rates, algorithmic_rates,
                      unhobbling_ooms: float = 0.0) -> pd.DataFrame:
    """``effective_compute_ooms`` for every pair of rates, as a DataFrame.

    One row per compute rate (the index, named ``"compute OOM/yr"``), one column per
    algorithmic rate (the columns, named ``"algorithmic OOM/yr"``), in the order given.
    """
    # YOUR CODE HERE
    raise NotImplementedError("sensitivity_table — task 9 in exercises/t7_trends/README.md")
