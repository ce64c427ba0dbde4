"""Hidden checks for trends.py: fits against numpy.polyfit on synthetic and real data, the
bundled data against the published growth range, the plot's content, Chinchilla allocation
against a numerical minimisation, power laws, and OOM arithmetic.

Independent oracles: numpy.polyfit (least squares), a dense grid plus golden-section search
(the loss-optimal allocation), the published figures in data/notable_models.csv (loaded here
with pandas, not with the learner's loader).
"""

import io
import math

import numpy as np
import pandas as pd
import pytest

from grader.core import feedback, plots, target, topics

trends = target.module("t7_trends.trends")
ref = target.oracle("t7_trends.trends")

PUBLISHED = (0.60, 0.70)  # OOM/yr: 4-5x per year (Sevilla & Roldán, Epoch AI 2024)
MARGIN = 0.10  # about one standard error of a slope fitted to ~30 models
HOFFMANN = dict(A=406.4, B=410.7, alpha=0.34, beta=0.28)
EPOCH = dict(A=482.0, B=2085.4, alpha=0.348, beta=0.366)


def _expect_near(got, expected, what, hint=None, rtol=1e-9, atol=0.0):
    """Numbers or arrays equal within tolerance, compared in float64 (FLOP reach 1e26)."""
    feedback.expect_near(got, expected, what, hint, rtol=rtol, atol=atol, digits=6)


def _synthetic(slope, seed, n=40, noise=0.3, level=20.0):
    rng = np.random.default_rng(seed)
    years = 2005.0 + 20.0 * rng.random(n)
    logs = level + slope * (years - 2015.0) + noise * rng.standard_normal(n)
    return years, 10.0**logs


def _csv() -> pd.DataFrame:
    """data/notable_models.csv read here with pandas (independently of the learner's loader)."""
    df = pd.read_csv(topics.project_root() / "data" / "notable_models.csv")
    year_month = df["date"].str.split("-", expand=True).astype(int)
    df["year"] = year_month[0] + (year_month[1] - 0.5) / 12
    return df


# ---------------------------------------------------------------- training_flops (task 1)


@pytest.mark.points(1)
def test_6nd_agrees_with_published_dense_decoder_figures():
    """6·N·D within 5% of the published FLOP of GPT-3, Chinchilla, PaLM, Falcon 180B, Llama 3.1"""
    df = _csv().set_index("name")
    for name in ["GPT-3 175B", "Chinchilla", "PaLM 540B", "Falcon 180B", "Llama 3.1 405B"]:
        row = df.loc[name]
        got = float(trends.training_flops(row["parameters"], row["training_tokens"]))
        feedback.expect(
            abs(got / row["training_flop"] - 1) < 0.05,
            f"training_flops for {name} ({row['parameters']:.4g} parameters, "
            f"{row['training_tokens']:.3g} tokens) vs its published "
            f"{row['training_flop']:.3g} FLOP",
            hint="C ≈ 6·N·D (2 FLOP per parameter and token forward, 4 backward), not 2·N·D",
            expected=row["training_flop"],
            got=got,
        )


@pytest.mark.points(1)
def test_training_flops_of_a_mixture_of_experts_uses_active_parameters():
    """training_flops(37B active, 14.8T) gives DeepSeek-V3's 3.29e24 and works on pandas Series"""
    got = float(trends.training_flops(37e9, 14.8e12))
    _expect_near(
        got,
        6 * 37e9 * 14.8e12,
        "training_flops(37e9, 14.8e12) — DeepSeek-V3",
        rtol=1e-9,
        hint="6 · N · D",
    )
    series = pd.Series([1e9, 2e9, 3e9])
    got = trends.training_flops(series, pd.Series([1e10, 1e10, 5e10]))
    _expect_near(
        np.asarray(got, dtype=float),
        [6e19, 1.2e20, 9e20],
        "training_flops on pandas Series (elementwise)",
        rtol=1e-9,
        hint="plain arithmetic (6.0 * params * tokens) works on Series and arrays",
    )


# ---------------------------------------------------------------- Trend (task 2)


@pytest.mark.points(1)
def test_trend_properties_for_many_slopes():
    """growth_per_year and doubling_time_months for slopes from 0.1 to 1.5 OOM/yr"""
    for slope in (0.1, 0.3, 0.45, 0.7, 1.5):
        trend = trends.Trend(slope, 2020.0, 22.0)
        _expect_near(
            trend.growth_per_year,
            10.0**slope,
            f"growth_per_year at {slope} OOM/yr",
            rtol=1e-9,
            hint="10 ** ooms_per_year (an OOM is a factor of 10, not of e)",
        )
        _expect_near(
            trend.doubling_time_months,
            12 * math.log10(2) / slope,
            f"doubling_time_months at {slope} OOM/yr",
            rtol=1e-9,
            hint="12 · log10(2) / ooms_per_year: log10, since the slope is in powers "
            "of ten, and months, not years",
        )


@pytest.mark.points(1)
def test_trend_shrinking_and_flat():
    """a falling trend has a negative doubling time (it halves); a flat one never doubles"""
    falling = trends.Trend(-0.45, 2020.0, 0.0)
    _expect_near(
        falling.doubling_time_months,
        -12 * math.log10(2) / 0.45,
        "doubling_time_months at −0.45 OOM/yr (halving every ~8 months: algorithmic "
        "progress seen as falling compute for a fixed result)",
        rtol=1e-9,
        hint="the same formula; its sign shows the direction",
    )
    _expect_near(falling.growth_per_year, 10**-0.45, "growth_per_year at −0.45 OOM/yr", rtol=1e-9)
    flat = trends.Trend(0.0, 2020.0, 5.0)
    got = flat.doubling_time_months
    feedback.expect(
        got == math.inf,
        "doubling_time_months of a flat trend (0 OOM/yr)",
        hint="return math.inf instead of dividing by zero",
        expected=math.inf,
        got=got,
    )


@pytest.mark.points(1)
def test_trend_predict_types_and_reference_year():
    """predict is anchored at reference_year; a float for a float, an array for an array"""
    trend = trends.Trend(0.6, 2021.5, 24.0)
    got = trend.predict(2023.0)
    feedback.expect(
        isinstance(got, (float, np.floating)),
        "predict(2023.0) must return a number",
        expected="float",
        got=type(got).__name__,
    )
    _expect_near(
        got,
        10 ** (24.0 + 0.6 * 1.5),
        "predict(2023.0) of Trend(0.6, 2021.5, 24.0)",
        rtol=1e-9,
        hint="10 ** (log10_at_reference + ooms_per_year · (year − reference_year)); "
        "return the value, not its log10",
    )
    years = np.array([2019.0, 2021.5, 2030.0])
    _expect_near(
        trend.predict(years),
        10 ** (24.0 + 0.6 * (years - 2021.5)),
        "predict on an array of years",
        rtol=1e-9,
    )
    _expect_near(
        trend.predict(pd.Series(years)),
        10 ** (24.0 + 0.6 * (years - 2021.5)),
        "predict on a pandas Series of years",
        rtol=1e-9,
    )


# ---------------------------------------------------------------- fit_exponential_trend (task 3)


@pytest.mark.points(2)
@pytest.mark.parametrize("slope", [0.3, 0.6, -0.2, 1.1])
def test_fit_recovers_synthetic_slopes(slope):
    """fit_exponential_trend recovers known slopes and matches numpy.polyfit on log10"""
    years, values = _synthetic(slope, seed=int(abs(slope) * 100))
    trend = trends.fit_exponential_trend(years, values)
    (p_slope, p_intercept), cov = np.polyfit(years, np.log10(values), 1, cov=True)
    feedback.expect(
        abs(trend.ooms_per_year - slope) < 4 * math.sqrt(cov[0, 0]),
        f"ooms_per_year fitted to 40 noisy points around {slope} OOM/yr",
        hint="fit log10(values): np.log is the natural log and gives slopes 2.3× too large",
        expected=slope,
        got=trend.ooms_per_year,
    )
    _expect_near(
        trend.ooms_per_year,
        p_slope,
        "ooms_per_year vs numpy.polyfit",
        rtol=1e-8,
        atol=1e-12,
        hint="ordinary least squares of log10(values) on years "
        "(years on the x axis, not the other way round)",
    )
    _expect_near(
        trend.predict(2015.0),
        10 ** (p_intercept + p_slope * 2015.0),
        "predict(2015) vs numpy.polyfit's line",
        rtol=1e-6,
    )
    _expect_near(
        trend.ooms_per_year_stderr,
        math.sqrt(cov[0, 0]),
        "ooms_per_year_stderr vs numpy.polyfit(cov=True)",
        rtol=1e-6,
        atol=1e-12,
    )
    feedback.expect_equal(trend.n_points, 40, "n_points")


@pytest.mark.points(1)
def test_fit_reference_point_is_the_mean():
    """the fitted Trend's reference_year is the mean year and log10_at_reference the mean log10"""
    years, values = _synthetic(0.5, seed=7, n=15)
    trend = trends.fit_exponential_trend(list(years), list(values))
    _expect_near(
        trend.reference_year,
        years.mean(),
        "reference_year",
        rtol=1e-12,
        hint="reference_year = mean of the years used",
    )
    _expect_near(
        trend.log10_at_reference,
        np.log10(values).mean(),
        "log10_at_reference",
        rtol=1e-12,
        hint="the least-squares line passes through (mean year, mean log10)",
    )


@pytest.mark.points(1)
def test_fit_standard_error_uses_n_minus_2():
    """with 5 points the slope's standard error divides the residuals by n − 2 = 3"""
    years = np.array([2018.0, 2019.0, 2020.0, 2021.0, 2022.0])
    logs = np.array([20.0, 20.9, 21.1, 21.8, 22.6])
    trend = trends.fit_exponential_trend(years, 10**logs)
    _, cov = np.polyfit(years, logs, 1, cov=True)
    _expect_near(
        trend.ooms_per_year_stderr,
        math.sqrt(cov[0, 0]),
        "ooms_per_year_stderr on 5 points",
        rtol=1e-6,
        hint="sqrt(Σ residual² / (n − 2) / Σ(year − mean)²); n − 2, not n or n − 1",
    )


@pytest.mark.points(1)
def test_fit_skips_missing_values():
    """pairs with a NaN year or value are left out of the fit"""
    years, values = _synthetic(0.6, seed=11, n=20)
    holes_v = values.copy()
    holes_v[[2, 9]] = np.nan
    holes_y = years.copy()
    holes_y[5] = np.nan
    keep = ~(np.isnan(holes_v) | np.isnan(holes_y))
    expected = np.polyfit(years[keep], np.log10(values[keep]), 1)[0]
    trend = trends.fit_exponential_trend(pd.Series(holes_y), pd.Series(holes_v))
    _expect_near(
        trend.ooms_per_year,
        expected,
        "ooms_per_year with 3 missing entries",
        rtol=1e-8,
        hint="drop the pairs where the year or the value is NaN before fitting "
        "(models without a published FLOP figure)",
    )
    feedback.expect_equal(trend.n_points, 17, "n_points with 3 of 20 pairs missing")


@pytest.mark.points(1)
def test_fit_rejects_unusable_data():
    """fit_exponential_trend raises ValueError for fewer than 3 points or a non-positive value"""
    # a rejection only counts if usable data is accepted: first the smallest valid inputs
    for years, values, what in [
        ([2020.0, 2021.0, 2022.0], [1e20, 1e21, 1e22], "3 points in 3 years"),
        ([2020.0, 2020.0, 2021.0], [1e20, 3e20, 1e21], "3 points in 2 distinct years"),
        (
            [2020.0, 2021.0, np.nan, 2022.0],
            [1e20, 1e21, 5e21, 1e22],
            "3 usable points and one pair with a NaN year",
        ),
    ]:
        try:
            trend = trends.fit_exponential_trend(years, values)
        except ValueError as error:
            feedback.fail(
                f"fit_exponential_trend raised ValueError for usable data ({what}: "
                f"years {years}, values {values})",
                "a Trend",
                f"ValueError: {error}",
                hint="raise only for non-positive values or fewer than 3 points (in "
                "at least 2 distinct years) left after dropping the NaN pairs",
            )
        feedback.expect(
            isinstance(trend, trends.Trend) and trend.n_points == 3,
            f"fit_exponential_trend on usable data ({what}) returns a Trend of 3 points",
            expected="Trend with n_points=3",
            got=trend,
        )
    for years, values, what in [
        ([2020.0, 2021.0], [1e20, 1e21], "only 2 points"),
        ([2020.0, 2021.0, 2022.0], [1e20, 0.0, 1e22], "a zero value"),
        ([2020.0, 2021.0, 2022.0], [1e20, -1e21, 1e22], "a negative value"),
        ([2020.0, 2021.0, 2022.0], [1e20, np.nan, 1e22], "2 points left after the NaN"),
        ([2021.0, 2021.0, 2021.0], [1e20, 1e21, 1e22], "3 points all in one year"),
    ]:
        with pytest.raises(ValueError):
            trends.fit_exponential_trend(years, values)
            feedback.fail(
                f"fit_exponential_trend(years={years}, values={values}) must raise "
                f"ValueError ({what})",
                "ValueError",
                "no error",
                hint="log10 needs positive values, and a slope with a standard error "
                "needs at least 3 points in at least 2 distinct years",
            )


@pytest.mark.points(2)
def test_bundled_compute_growth_since_2018():
    """language models since 2018 (bundled data): compute growth within the published 4-5x/yr"""
    df = _csv()
    recent = df[(df["year"] >= 2018) & df["training_flop"].notna()]
    assert len(recent) >= 25, "test setup: fewer than 25 models with FLOP since 2018"
    years, flop = recent["year"].to_numpy(), recent["training_flop"].to_numpy()
    trend = trends.fit_exponential_trend(years, flop)
    expected = np.polyfit(years, np.log10(flop), 1)[0]
    _expect_near(
        trend.ooms_per_year,
        expected,
        "ooms_per_year on the bundled data vs numpy.polyfit",
        rtol=1e-8,
        hint="least squares of log10(training_flop) on the decimal year",
    )
    low, high = PUBLISHED[0] - MARGIN, PUBLISHED[1] + MARGIN
    feedback.expect(
        low <= trend.ooms_per_year <= high,
        f"growth of training compute over the {len(recent)} models since 2018 "
        f"({trend.growth_per_year:.2f}×/yr): Epoch AI publishes 4-5×/yr "
        f"({PUBLISHED[0]:.2f}-{PUBLISHED[1]:.2f} OOM/yr); with ~30 points the slope's standard "
        f"error is ≈0.09 OOM/yr, so {low:.2f}-{high:.2f} is accepted",
        expected=f"{low:.2f} to {high:.2f} OOM/yr",
        got=trend.ooms_per_year,
    )
    months = trend.doubling_time_months
    feedback.expect(
        4.0 <= months <= 7.5,
        "doubling time on the bundled data (published: 5-6 months)",
        hint="months = 12 · log10(2) / ooms_per_year",
        expected="4 to 7.5 months",
        got=months,
    )


# ---------------------------------------------------------------- plot_trend (task 4)


def _figure_and_axes(fig):
    feedback.expect(
        hasattr(fig, "savefig") and len(getattr(fig, "axes", [])) >= 1,
        "plot_trend must return a matplotlib Figure with an axes",
        expected="Figure",
        got=type(fig).__name__,
    )
    return fig, plots.data_axes(fig)


def _expect_the_points(ax, data, hint):
    """The markers on ``ax`` are exactly the (year, FLOP) rows of ``data``, in any order."""
    points = plots.points(ax)
    got = points[np.lexsort((points[:, 1], points[:, 0]))]
    want = data[np.lexsort((data[:, 1], data[:, 0]))]
    if len(got) == len(want) and len(want):
        feedback.expect(
            not np.allclose(got, np.column_stack([want[:, 0], np.log10(want[:, 1])]), rtol=1e-9),
            "the points' y values are log10 of the FLOP, drawn on a log axis",
            hint="plot the FLOP themselves (y = df['training_flop']); the log "
            "scale of the axis does the log",
            expected=want[:3, 1].tolist(),
            got=got[:3, 1].tolist(),
        )
    feedback.expect_equal(
        len(points), len(data), "number of data points (markers) on the axes", hint=hint
    )
    _expect_near(
        got,
        want,
        "the data points (year, training_flop)",
        rtol=1e-9,
        hint="x = df['year'], y = df['training_flop'] (the FLOP itself, not log10)",
    )


def _fit_line(ax, trend):
    """The line that shows trend.predict, wherever it sits among the axes' lines."""
    line = plots.find_curve(ax, trend.predict, rtol=1e-6)
    if line is not None:
        return line
    drawn = plots.curves(ax)
    feedback.expect(
        bool(drawn),
        "the fitted trend must be drawn as a line",
        hint="ax.plot(xs, trend.predict(xs)) over the years of the data",
        expected="a line through trend.predict(x)",
        got="no line with at least 2 points (markers alone are the data)",
    )
    if plots.find_curve(ax, lambda x: np.log10(trend.predict(x)), rtol=1e-6) is not None:
        feedback.fail(
            "a line shows log10 of trend.predict(x) on the log axis, not the values",
            "y = trend.predict(x)",
            "y = log10(trend.predict(x))",
            hint="plot trend.predict(xs) itself; the log scale of the axis does the log",
        )
    shown = [plots.label(line) or f"line {i}" for i, line in enumerate(drawn)]
    feedback.fail(
        f"none of the {len(drawn)} lines drawn ({', '.join(shown)}) has y = "
        "trend.predict(x) at its own x values",
        "a line through trend.predict(x)",
        "no such line",
        hint="ax.plot(xs, trend.predict(xs)) with the trend passed in "
        "(not a refit, not log10 of it)",
    )


@pytest.mark.points(2)
def test_plot_trend_shows_every_model_and_the_fit():
    """plot_trend: every model with FLOP as a point, the fitted line over the data's years, log y"""
    df = ref.load_notable_models()
    recent = df[df["year"] >= 2018]
    trend = ref.fit_exponential_trend(recent["year"], recent["training_flop"])
    _, ax = _figure_and_axes(trends.plot_trend(recent, trend))
    feedback.expect_equal(ax.get_yscale(), "log", "the y axis scale", hint="ax.set_yscale('log')")
    data = recent.dropna(subset=["training_flop"])[["year", "training_flop"]].to_numpy()
    _expect_the_points(
        ax,
        data,
        hint="one point per model that has a training_flop (skip the "
        "NaN rows): ax.scatter, or ax.plot(x, y, 'o', "
        "linestyle='none')",
    )
    line = _fit_line(ax, trend)
    x, _ = plots.xy(line)
    feedback.expect(
        x.min() <= data[:, 0].min() + 0.5 and x.max() >= data[:, 0].max() - 0.5,
        "the fitted line should span the years of the data",
        expected=(data[:, 0].min(), data[:, 0].max()),
        got=(x.min(), x.max()),
    )


@pytest.mark.points(1)
def test_plot_trend_labels_legend_png():
    """plot_trend has axis labels, a title and a legend, works without flop_source, saves as PNG"""
    years, values = _synthetic(0.6, seed=5, n=12)
    df = pd.DataFrame({"year": years, "training_flop": values})
    trend = ref.fit_exponential_trend(years, values)
    fig, ax = _figure_and_axes(trends.plot_trend(df, trend))
    feedback.expect(
        "year" in ax.get_xlabel().lower(),
        "the x label mentions the year",
        expected="'year' in the label",
        got=ax.get_xlabel(),
    )
    feedback.expect(
        "flop" in ax.get_ylabel().lower(),
        "the y label mentions FLOP",
        expected="'FLOP' in the label",
        got=ax.get_ylabel(),
    )
    feedback.expect(
        bool(plots.title(fig)),
        "the plot has a title",
        hint="ax.set_title(...) or fig.suptitle(...)",
        expected="a title",
        got="''",
    )
    feedback.expect(
        plots.has_legend(fig),
        "the plot has a legend (data and fit)",
        hint="label= on the points and the line, then ax.legend() or fig.legend()",
        expected="a legend",
        got=None,
    )
    feedback.expect_equal(
        len(plots.points(ax)),
        12,
        "number of points for a DataFrame with only year and training_flop",
        hint="without a flop_source column, draw every row as one group",
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    feedback.expect(buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n", "the figure saves as PNG")


# ---------------------------------------------------------------- chinchilla_optimal (task 5)


@pytest.mark.points(1)
def test_chinchilla_optimal_various_budgets():
    """chinchilla_optimal: 6ND = C and D = r·N for several budgets, ratios and arrays"""
    for compute, ratio in [(1e20, 20.0), (5.76e23, 20.0), (3.8e25, 38.5), (1e22, 5.0)]:
        got = trends.chinchilla_optimal(compute, tokens_per_param=ratio)
        n = math.sqrt(compute / (6 * ratio))
        _expect_near(
            got,
            (n, ratio * n),
            f"chinchilla_optimal({compute:.3g}, tokens_per_param={ratio}) as (N, D)",
            rtol=1e-9,
            hint="C = 6·N·D and D = r·N give N = sqrt(C / (6r)); return (N, D) in that order",
        )
    budgets = np.array([1e21, 1e23, 1e25])
    n, d = trends.chinchilla_optimal(budgets)
    _expect_near(n, np.sqrt(budgets / 120), "N for an array of budgets", rtol=1e-9)


# ---------------------------------------------------------------- chinchilla_loss (task 6)


@pytest.mark.points(1)
def test_chinchilla_loss_on_arrays_and_limits():
    """chinchilla_loss matches the formula on arrays, falls with N and D, and tends to E"""
    rng = np.random.default_rng(0)
    n = 10 ** rng.uniform(7, 12, 50)
    d = 10 ** rng.uniform(9, 14, 50)
    _expect_near(
        trends.chinchilla_loss(n, d),
        1.69 + 406.4 / n**0.34 + 410.7 / d**0.28,
        "chinchilla_loss on 50 random (N, D)",
        rtol=1e-9,
        hint="E + A / N**alpha + B / D**beta; check the default constants",
    )
    _expect_near(
        trends.chinchilla_loss(n, d, E=1.82, A=482.0, B=2085.4, alpha=0.348, beta=0.366),
        1.82 + 482.0 / n**0.348 + 2085.4 / d**0.366,
        "chinchilla_loss with the Epoch refit constants",
        rtol=1e-9,
    )
    base = trends.chinchilla_loss(1e9, 1e11)
    feedback.expect(
        trends.chinchilla_loss(2e9, 1e11) < base > trends.chinchilla_loss(1e9, 2e11),
        "chinchilla_loss must fall when N or D doubles",
        hint="divide by N**alpha and D**beta (positive exponents)",
        expected=f"below {base:.4f}",
        got=(trends.chinchilla_loss(2e9, 1e11), trends.chinchilla_loss(1e9, 2e11)),
    )
    huge = trends.chinchilla_loss(1e40, 1e40)
    _expect_near(
        huge,
        1.69,
        "chinchilla_loss(1e40, 1e40): unlimited model and data leave E",
        atol=1e-6,
        hint="the terms are A / N**alpha, which vanish as N grows",
    )


# ---------------------------------------------------------------- loss_optimal_allocation (task 7)


def _numeric_optimum(compute, A, B, alpha, beta):
    """argmin over N of A/N^alpha + B/(C/6N)^beta: dense log grid, then golden-section search."""

    def loss(log_n):
        n = 10.0**log_n
        return A / n**alpha + B / (compute / (6 * n)) ** beta

    grid = np.linspace(3.0, math.log10(compute / 6) - 3.0, 4001)
    k = int(np.argmin(loss(grid)))
    lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
    golden = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        a, b = hi - golden * (hi - lo), lo + golden * (hi - lo)
        if loss(a) < loss(b):
            hi = b
        else:
            lo = a
    n = 10.0 ** ((lo + hi) / 2)
    return n, compute / (6 * n)


@pytest.mark.points(2)
@pytest.mark.parametrize("constants", ["hoffmann", "epoch"])
def test_loss_optimal_allocation_matches_numerical_minimisation(constants):
    """loss_optimal_allocation equals a numerical minimisation of chinchilla_loss under 6ND = C"""
    kwargs = HOFFMANN if constants == "hoffmann" else EPOCH
    for compute in (1e19, 5.76e23, 1e27):
        n, d = trends.loss_optimal_allocation(compute, **kwargs)
        want = _numeric_optimum(compute, **kwargs)
        _expect_near(
            (n, d),
            want,
            f"(N, D) minimising the loss for C = {compute:.3g} with the "
            f"{'Hoffmann et al.' if constants == 'hoffmann' else 'Epoch refit'} constants "
            f"(numerical search)",
            rtol=1e-4,
            hint="N = G·(C/6)**(β/(α+β)), G = (αA/(βB))**(1/(α+β)), D = C/(6N); "
            "use the constants passed in",
        )


@pytest.mark.points(1)
def test_loss_optimal_allocation_vs_the_20_tokens_rule():
    """Epoch refit: ~20 tokens per parameter at Chinchilla's budget; Hoffmann's constants: more"""
    n, d = trends.loss_optimal_allocation(5.76e23, **EPOCH)
    feedback.expect(
        15 <= d / n <= 25 and 60e9 <= n <= 85e9,
        "tokens per parameter and N at 5.76e23 FLOP with the Epoch refit "
        "(Besiroglu et al. 2024): consistent with Chinchilla's 70B / 1.4T",
        expected="15-25 tokens per parameter, N ≈ 72B",
        got=(d / n, n),
    )
    ratios = []
    for compute in (1e21, 1e23, 1e25):
        n, d = trends.loss_optimal_allocation(compute)
        ratios.append(d / n)
    # with alpha > beta the optimum shifts towards data: D/N ∝ C**((alpha − beta)/(alpha + beta))
    exponent = (0.34 - 0.28) / 0.62
    _expect_near(
        ratios[1] / ratios[0],
        100**exponent,
        "growth of D/N from 1e21 to 1e23 FLOP with Hoffmann et al.'s published constants",
        rtol=1e-6,
        hint="D/N grows as C**((α−β)/(α+β)); check the exponents of N and D",
    )
    feedback.expect(
        50 <= ratios[1] <= 150,
        "tokens per parameter at 1e23 FLOP with Hoffmann et al.'s constants: the "
        "rounded published fit implies far more than 20 (the inconsistency Besiroglu "
        "et al. 2024 point out)",
        expected="about 80",
        got=ratios[1],
    )


@pytest.mark.points(1)
def test_loss_optimal_allocation_on_arrays():
    """loss_optimal_allocation works elementwise on an array of budgets"""
    budgets = np.array([1e20, 1e22, 1e24])
    n, d = trends.loss_optimal_allocation(budgets)
    want_n, want_d = ref.loss_optimal_allocation(budgets)
    _expect_near(n, want_n, "N for an array of budgets", rtol=1e-9)
    _expect_near(d, want_d, "D for an array of budgets", rtol=1e-9)


# ---------------------------------------------------------------- fit_power_law (task 8)


@pytest.mark.points(1)
def test_fit_power_law_matches_log_log_polyfit():
    """fit_power_law equals numpy.polyfit on log10-log10 data, alpha positive for a falling law"""
    rng = np.random.default_rng(21)
    x = 10 ** rng.uniform(18, 25, 25)
    y = 2.3e2 * x**-0.095 * 10 ** (0.02 * rng.standard_normal(25))
    slope, intercept = np.polyfit(np.log10(x), np.log10(y), 1)
    a, alpha = trends.fit_power_law(x, y)
    _expect_near(
        alpha,
        -slope,
        "alpha vs −(slope of numpy.polyfit on log10 x, log10 y)",
        rtol=1e-6,
        hint="y = a·x**(−alpha): alpha is minus the log-log slope",
    )
    _expect_near(
        a,
        10**intercept,
        "a vs 10**(intercept of numpy.polyfit on log10 x, log10 y)",
        rtol=1e-5,
        hint="a = 10 ** intercept when you fit log10 (not exp(intercept))",
    )


@pytest.mark.points(1)
def test_loss_frontier_is_a_power_law_in_compute():
    """along the loss-optimal frontier, L − E falls as C**(−αβ/(α+β)) = C**(−0.1535)"""
    compute = np.logspace(19, 27, 17)
    n, d = trends.loss_optimal_allocation(compute)
    reducible = trends.chinchilla_loss(n, d) - 1.69
    _, alpha = trends.fit_power_law(compute, reducible)
    _expect_near(
        alpha,
        0.34 * 0.28 / (0.34 + 0.28),
        "the power-law exponent of the reducible loss along the compute-optimal "
        "frontier (both terms scale as C**(−αβ/(α+β)))",
        rtol=1e-6,
        hint="fit_power_law returns (a, alpha) with alpha = −slope on log10-log10",
    )


# ---------------------------------------------------------------- OOM arithmetic (task 9)


@pytest.mark.points(1)
def test_effective_compute_ooms_cases():
    """effective_compute_ooms: rates add per year, unhobbling once, works on arrays"""
    cases = [
        ((0, 0.6, 0.45, 1.5), 1.5),
        ((2.5, 0.6, 0.45, 0.0), 2.625),
        ((10, 0.5, 0.5, 2.0), 12.0),
        ((1, 0.0, 0.45, 0.0), 0.45),
    ]
    for args, want in cases:
        _expect_near(
            trends.effective_compute_ooms(*args),
            want,
            f"effective_compute_ooms{args}",
            atol=1e-12,
            hint="years · (compute + algorithmic) + unhobbling: OOMs of multiplied "
            "factors add; unhobbling is a one-off total, not a rate; return "
            "OOMs, not the factor 10**OOMs",
        )
    years = np.array([1.0, 2.0, 3.0])
    _expect_near(
        trends.effective_compute_ooms(years, 0.5, 0.4, 1.0),
        years * 0.9 + 1.0,
        "effective_compute_ooms on an array of years",
        atol=1e-12,
    )


@pytest.mark.points(1)
def test_sensitivity_table_matches_the_reference():
    """sensitivity_table: index = compute rates, columns = algorithmic rates, named, in order"""
    compute_rates, algo_rates = [0.7, 0.4, 0.55], [0.2, 0.45, 0.7, 0.3]
    got = trends.sensitivity_table(4, compute_rates, algo_rates, unhobbling_ooms=1.5)
    want = ref.sensitivity_table(4, compute_rates, algo_rates, unhobbling_ooms=1.5)
    feedback.expect(
        isinstance(got, pd.DataFrame),
        "sensitivity_table returns a DataFrame",
        expected="DataFrame",
        got=type(got).__name__,
    )
    feedback.expect_equal(
        got.shape,
        want.shape,
        "shape (compute rates × algorithmic rates)",
        hint="rows = compute rates, columns = algorithmic rates",
    )
    feedback.expect_equal(list(got.index), compute_rates, "the index (compute rates, in order)")
    feedback.expect_equal(
        list(got.columns), algo_rates, "the columns (algorithmic rates, in order)"
    )
    feedback.expect_equal(
        (got.index.name, got.columns.name),
        (want.index.name, want.columns.name),
        "the names of the index and the columns",
    )
    _expect_near(
        got.to_numpy(dtype=float), want.to_numpy(dtype=float), "the table's values", atol=1e-12
    )
