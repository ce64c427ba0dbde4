"""Visible tests for trends.py: 6ND, exponential trends, the compute plot, Chinchilla, power
laws and OOM arithmetic.

Run them with ``pytest exercises/t7_trends`` (or ``llm-grader check 7``).
"""

import io
import math

import numpy as np
import pytest

from grader.core import feedback, plots, target

trends = target.module("t7_trends.trends")

# Published training-compute growth (Sevilla & Roldán, Epoch AI 2024): 4-5x per year,
# i.e. 0.60-0.70 orders of magnitude per year. Our ~30 models give a slope with a standard
# error of about 0.09 OOM/yr, so the check accepts the published range widened by 0.10.
PUBLISHED = (0.60, 0.70)
MARGIN = 0.10


def _rel(got, expected):
    return abs(got - expected) / abs(expected)


def _expect_near(got, expected, what, hint=None, rtol=1e-9, atol=0.0):
    """Numbers or arrays equal within tolerance, compared in float64 (FLOP reach 1e26)."""
    feedback.expect_near(got, expected, what, hint, rtol=rtol, atol=atol)


def _synthetic(slope, seed, n=40, noise=0.3, start=2010.0, span=14.0, level=20.0):
    rng = np.random.default_rng(seed)
    years = start + span * rng.random(n)
    logs = level + slope * (years - 2017.0) + noise * rng.standard_normal(n)
    return years, 10.0 ** logs


# ---------------------------------------------------------------- training_flops (task 1)


@pytest.mark.points(1)
def test_training_flops_of_gpt3():
    """training_flops(N, D) = 6·N·D gives GPT-3's published 3.14e23 FLOP"""
    got = trends.training_flops(174.6e9, 300e9)
    feedback.expect(
        isinstance(got, (float, np.floating)) and _rel(got, 3.14e23) < 0.01,
        "training_flops(174.6e9 parameters, 300e9 tokens) — GPT-3, Brown et al. 2020, Table D.1",
        hint="C ≈ 6·N·D: 2 FLOP per parameter per token forward (multiply + add), twice that "
             "backward",
        expected=3.14e23, got=got,
    )
    params, tokens = np.array([1e9, 7e9]), np.array([2e10, 2e12])
    _expect_near(trends.training_flops(params, tokens), 6 * params * tokens,
                          "training_flops on NumPy arrays (elementwise)", rtol=1e-9, atol=0)


@pytest.mark.points(1)
def test_training_flops_reproduces_the_derived_rows_of_the_data():
    """training_flops reproduces every 'derived' FLOP figure of data/notable_models.csv"""
    df = trends.load_notable_models()
    derived = df[df["flop_source"] == "derived"]
    assert len(derived) >= 5, "test setup: the data has too few derived rows"
    params = derived["active_parameters"].fillna(derived["parameters"])
    got = np.asarray(trends.training_flops(params, derived["training_tokens"]), dtype=float)
    expected = derived["training_flop"].to_numpy()
    worst = int(np.argmax(np.abs(got / expected - 1)))
    feedback.expect(
        abs(got[worst] / expected[worst] - 1) < 1e-3,
        f"training_flops for {derived['name'].iloc[worst]} (a 'derived' row: 6·N·D)",
        hint="6 × parameters × tokens",
        expected=expected[worst], got=got[worst],
    )


# ---------------------------------------------------------------- Trend (task 2)


@pytest.mark.points(1)
def test_trend_growth_and_doubling_time():
    """Trend.growth_per_year = 10**ooms_per_year; doubling_time_months is in months"""
    trend = trends.Trend(ooms_per_year=0.6, reference_year=2020.0, log10_at_reference=23.0)
    _expect_near(trend.growth_per_year, 10 ** 0.6,
                          "growth_per_year of a trend of 0.6 OOM/yr", rtol=1e-9, atol=0,
                          hint="an order of magnitude is a factor of 10: 10 ** ooms_per_year")
    _expect_near(trend.doubling_time_months, 12 * math.log10(2) / 0.6,
                          "doubling_time_months of a trend of 0.6 OOM/yr (about 6 months)",
                          rtol=1e-9, atol=0,
                          hint="doubling takes log10(2) / ooms_per_year years; times 12 for months")
    doubling_yearly = trends.Trend(math.log10(2), 2020.0, 0.0)
    _expect_near(doubling_yearly.doubling_time_months, 12.0,
                          "doubling_time_months when the value doubles every year",
                          rtol=1e-9, atol=0, hint="the answer is in months, not years")


@pytest.mark.points(1)
def test_trend_predict():
    """Trend.predict(year) gives the value (not its log10) on the line"""
    trend = trends.Trend(ooms_per_year=0.5, reference_year=2020.0, log10_at_reference=23.0)
    _expect_near(trend.predict(2020.0), 1e23, "predict(reference_year)", rtol=1e-9,
                          atol=0, hint="10 ** log10_at_reference at the reference year")
    _expect_near(trend.predict(2024.0), 1e25,
                          "predict(2024) four years after the reference at 0.5 OOM/yr",
                          rtol=1e-9, atol=0,
                          hint="10 ** (log10_at_reference + ooms_per_year·(year − reference_year))")
    years = np.array([2018.0, 2022.0])
    _expect_near(trend.predict(years), np.array([1e22, 1e24]),
                          "predict on an array of years", rtol=1e-9, atol=0)


# ---------------------------------------------------------------- fit_exponential_trend (task 3)


@pytest.mark.points(1)
def test_fit_recovers_a_known_growth_rate():
    """fit_exponential_trend recovers 0.55 OOM/yr from noisy synthetic data"""
    years, values = _synthetic(0.55, seed=0)
    trend = trends.fit_exponential_trend(years, values)
    feedback.expect(
        isinstance(trend, trends.Trend), "fit_exponential_trend must return a Trend",
        expected="Trend", got=type(trend).__name__,
    )
    feedback.expect(
        abs(trend.ooms_per_year - 0.55) < 0.05,
        "ooms_per_year fitted to 40 points drawn around 0.55 OOM/yr (noise 0.3 OOM)",
        hint="fit log10(values), not the values or their natural log, against the years",
        expected=0.55, got=trend.ooms_per_year,
    )


@pytest.mark.points(2)
def test_fit_matches_numpy_polyfit():
    """fit_exponential_trend equals numpy.polyfit(years, log10(values), 1), standard error too"""
    years, values = _synthetic(0.4, seed=1, n=12)
    (slope, intercept), cov = np.polyfit(years, np.log10(values), 1, cov=True)
    trend = trends.fit_exponential_trend(years, values)
    _expect_near(trend.ooms_per_year, slope, "ooms_per_year vs numpy.polyfit's slope",
                          rtol=1e-8, atol=1e-10,
                          hint="slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)² with y = log10(values)")
    _expect_near(trend.predict(2016.5), 10 ** (intercept + slope * 2016.5),
                          "predict(2016.5) vs numpy.polyfit's line", rtol=1e-6, atol=0,
                          hint="reference_year = mean of the years, log10_at_reference = mean "
                               "of log10(values)")
    _expect_near(trend.ooms_per_year_stderr, math.sqrt(cov[0, 0]),
                          "ooms_per_year_stderr vs numpy.polyfit(..., cov=True)",
                          rtol=1e-6, atol=1e-12,
                          hint="sqrt(Σ residual² / (n − 2) / Σ(x − x̄)²): n − 2, because the "
                               "line used two parameters")


@pytest.mark.points(2)
def test_bundled_compute_growth_is_in_the_published_range():
    """on data/notable_models.csv, language-model training compute since 2018 grows 4-5x per year"""
    df = trends.load_notable_models()
    recent = df[(df["year"] >= 2018) & df["training_flop"].notna()]
    trend = trends.fit_exponential_trend(recent["year"], recent["training_flop"])
    low, high = PUBLISHED[0] - MARGIN, PUBLISHED[1] + MARGIN
    feedback.expect(
        low <= trend.ooms_per_year <= high,
        f"fitted growth of training compute over {len(recent)} language models since 2018 "
        f"({trend.growth_per_year:.2f}×/yr). Epoch AI publishes 4-5×/yr, i.e. "
        f"{PUBLISHED[0]:.2f}-{PUBLISHED[1]:.2f} OOM/yr (≈4×/yr for frontier models since 2018, "
        f"≈5×/yr for frontier language models since 2020); a slope fitted to ~30 points has a "
        f"standard error of about 0.09 OOM/yr, so the check accepts {low:.2f}-{high:.2f} OOM/yr",
        hint="use log10 of the FLOP (an OOM is a power of ten) and skip rows without FLOP",
        expected=f"{low:.2f} to {high:.2f} OOM/yr", got=trend.ooms_per_year,
    )
    feedback.expect(
        4.0 <= trend.doubling_time_months <= 7.5,
        "doubling time of training compute since 2018 (published: every 5-6 months)",
        hint="12 · log10(2) / ooms_per_year months",
        expected="4 to 7.5 months", got=trend.doubling_time_months,
    )


# ---------------------------------------------------------------- plot_trend (task 4)


@pytest.mark.points(2)
def test_plot_trend_draws_data_fit_and_labels():
    """plot_trend returns a figure: the data, the fitted line, a log y axis, labelled axes, PNG"""
    df = trends.load_notable_models()
    trend = trends.fit_exponential_trend(df["year"], df["training_flop"])
    feedback.expect(math.isfinite(trend.ooms_per_year),
                    "fit_exponential_trend on the whole CSV (some models have no FLOP figure)",
                    hint="leave out the pairs whose value is NaN before fitting",
                    expected="a finite slope", got=trend.ooms_per_year)
    fig = trends.plot_trend(df, trend)
    feedback.expect(hasattr(fig, "savefig") and len(fig.axes) >= 1,
                    "plot_trend must return a matplotlib Figure with an axes",
                    expected="Figure", got=type(fig).__name__)
    ax = plots.data_axes(fig)
    feedback.expect_equal(ax.get_yscale(), "log", "the y axis scale",
                          hint="ax.set_yscale('log'): exponential growth is a straight line there")
    feedback.expect("year" in ax.get_xlabel().lower(), "the x label must mention the year",
                    expected="a label with 'year'", got=ax.get_xlabel())
    feedback.expect("flop" in ax.get_ylabel().lower(), "the y label must mention FLOP",
                    expected="a label with 'FLOP'", got=ax.get_ylabel())
    # artists are found by what they show, never by their position on the axes
    points = plots.points(ax)
    n_data = int(df["training_flop"].notna().sum())
    feedback.expect_equal(len(points), n_data, "number of data points (models with FLOP)",
                          hint="ax.scatter(year, training_flop) (or ax.plot(year, "
                               "training_flop, 'o', linestyle='none')) for the rows that have "
                               "a FLOP")
    drawn = plots.curves(ax)
    feedback.expect(bool(drawn), "the fitted trend must be drawn as a line (ax.plot)",
                    expected="a line", got="none")
    feedback.expect(plots.find_curve(ax, trend.predict, rtol=1e-6) is not None,
                    "one of the lines must have y = trend.predict(x) at its x values",
                    hint="plot the values trend.predict(years), not their log10",
                    expected="a line through trend.predict(x)",
                    got=[plots.xy(line)[1][:2].tolist() for line in drawn])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    feedback.expect(buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n", "the figure saves as PNG")


# ---------------------------------------------------------------- chinchilla_optimal (task 5)


@pytest.mark.points(1)
def test_chinchilla_optimal_for_chinchillas_budget():
    """chinchilla_optimal(5.76e23) ≈ 70B parameters and 1.4T tokens (20 tokens per parameter)"""
    result = trends.chinchilla_optimal(5.76e23)
    feedback.expect(isinstance(result, tuple) and len(result) == 2,
                    "chinchilla_optimal returns a tuple (N, D)", expected="(N, D)", got=result)
    n, d = result
    feedback.expect(60e9 < n < 75e9 and 1.3e12 < d < 1.5e12,
                    "(N, D) for Chinchilla's 5.76e23 FLOP (Hoffmann et al. 2022: 70B, 1.4T)",
                    hint="6·N·D = C with D = 20·N, so N = sqrt(C / (6·20))",
                    expected=(69.3e9, 1.386e12), got=(n, d))
    _expect_near(6 * n * d, 5.76e23, "6·N·D must spend the whole budget", rtol=1e-9, atol=0)
    n2, d2 = trends.chinchilla_optimal(1e22, tokens_per_param=100.0)
    _expect_near(d2 / n2, 100.0, "D / N with tokens_per_param=100", rtol=1e-9, atol=0)


# ---------------------------------------------------------------- chinchilla_loss (task 6)


@pytest.mark.points(1)
def test_chinchilla_loss_formula():
    """chinchilla_loss(N, D) = E + A / N**alpha + B / D**beta with the published constants"""
    got = trends.chinchilla_loss(70e9, 1.4e12)
    expected = 1.69 + 406.4 / 70e9 ** 0.34 + 410.7 / 1.4e12 ** 0.28
    _expect_near(got, expected, "chinchilla_loss(70e9, 1.4e12) (about 1.94 nats/token)",
                          rtol=1e-9, atol=0,
                          hint="E + A / N**alpha + B / D**beta: divide by the powers")
    epoch = dict(E=1.82, A=482.0, B=2085.4, alpha=0.348, beta=0.366)
    expected = 1.82 + 482.0 / 1e9 ** 0.348 + 2085.4 / 2e10 ** 0.366
    _expect_near(trends.chinchilla_loss(1e9, 2e10, **epoch), expected,
                          "chinchilla_loss with the Epoch AI refit constants", rtol=1e-9, atol=0,
                          hint="use the E, A, B, alpha, beta arguments, not fixed numbers")


# ---------------------------------------------------------------- loss_optimal_allocation (task 7)


@pytest.mark.points(2)
def test_loss_optimal_allocation_beats_a_dense_grid():
    """loss_optimal_allocation spends 6ND = C and is at least as good as a dense grid search"""
    compute = 1e23
    n, d = trends.loss_optimal_allocation(compute)
    _expect_near(6 * n * d, compute, "6·N·D of the allocation for C = 1e23",
                          rtol=1e-6, atol=0, hint="D = C / (6·N)")
    grid = np.logspace(8, 13, 20001)
    losses = 1.69 + 406.4 / grid ** 0.34 + 410.7 / (compute / (6 * grid)) ** 0.28
    best = grid[np.argmin(losses)]
    feedback.expect(
        _rel(n, best) < 0.01,
        "N minimising chinchilla_loss with 6·N·D = 1e23, compared with a grid of 20,001 sizes",
        hint="αA / N**α = βB / D**β at the optimum: N = G·(C/6)**(β/(α+β)), "
             "G = (αA/(βB))**(1/(α+β))",
        expected=best, got=n,
    )


# ---------------------------------------------------------------- fit_power_law (task 8)


@pytest.mark.points(1)
def test_fit_power_law_recovers_a_and_alpha():
    """fit_power_law recovers y = 50 · x**(-0.3) from noisy data"""
    rng = np.random.default_rng(3)
    x = np.logspace(2, 8, 30)
    y = 50.0 * x ** -0.3 * 10 ** (0.01 * rng.standard_normal(30))
    a, alpha = trends.fit_power_law(x, y)
    feedback.expect(abs(alpha - 0.3) < 0.01,
                    "alpha fitted to y = 50·x**(−0.3) (alpha is positive for a falling law)",
                    hint="log10(y) = log10(a) − alpha·log10(x): alpha is MINUS the slope",
                    expected=0.3, got=alpha)
    feedback.expect(_rel(a, 50.0) < 0.05, "a fitted to y = 50·x**(−0.3)",
                    hint="a = 10 ** intercept of the log10-log10 line",
                    expected=50.0, got=a)


# ---------------------------------------------------------------- OOM arithmetic (task 9)


@pytest.mark.points(1)
def test_effective_compute_ooms_adds_up():
    """effective_compute_ooms: 4 years × (0.5 + 0.5) OOM/yr + 2 OOM unhobbling = 6 OOM"""
    _expect_near(trends.effective_compute_ooms(4, 0.5, 0.5, unhobbling_ooms=2.0), 6.0,
                          "effective_compute_ooms(4, 0.5, 0.5, unhobbling_ooms=2.0)", atol=1e-12,
                          hint="rates add (a factor per year each), times the years; "
                               "unhobbling is added once")
    _expect_near(trends.effective_compute_ooms(3, 0.6, 0.45), 3.15,
                          "effective_compute_ooms(3, 0.6, 0.45)", atol=1e-12)


@pytest.mark.points(1)
def test_sensitivity_table_layout():
    """sensitivity_table: one row per compute rate, one column per algorithmic rate"""
    table = trends.sensitivity_table(3, [0.4, 0.5, 0.6], [0.3, 0.45], unhobbling_ooms=1.0)
    feedback.expect_equal(table.shape, (3, 2),
                          "shape of the table (compute rates × algorithmic rates)",
                          hint="rows = compute rates, columns = algorithmic rates")
    _expect_near(float(table.loc[0.6, 0.3]), 3 * 0.9 + 1.0,
                          "the entry for compute 0.6 and algorithms 0.3 OOM/yr over 3 years",
                          atol=1e-12)
