"""data/notable_models.csv cites every row, dates every row by one convention, and the topic 7
README and slides quote the same Gopher/Chinchilla figures and the same fitted trend as the CSV.

The convention (stated in exercises/t7_trends/README.md): `date` is the month of the first
public release or paper, whichever came first; `date_basis` says which ("paper: ...",
"release: ...") with the dates it rests on, or starts with "unverified:" when an earlier
release could not be confirmed.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from grader.core import target

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "notable_models.csv"
README = ROOT / "exercises" / "t7_trends" / "README.md"
SLIDES = ROOT / "slides" / "t7_trends.md"
DATE = re.compile(r"\b(\d{4}-(?:0[1-9]|1[0-2]))(?:-\d\d)?\b")


@pytest.fixture(scope="module")
def df():
    return pd.read_csv(CSV, dtype={"date": str}, keep_default_na=False)


def _flop(value: float) -> str:
    """6.31e+23 -> '6.31e23', the way the README and slides write FLOP."""
    return f"{value:.3g}".replace("e+", "e")


def test_every_row_has_a_source_a_date_and_a_date_basis(df):
    for column in ("source", "date", "date_basis"):
        assert column in df.columns, f"notable_models.csv has no {column!r} column"
    empty = {
        column: df.loc[df[column].str.strip() == "", "name"].tolist()
        for column in ("source", "date", "date_basis")
    }
    assert not any(empty.values()), f"rows with an empty field: {empty}"
    bad = df.loc[~df["date"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])"), ["name", "date"]]
    assert bad.empty, f"dates not YYYY-MM: {bad.values.tolist()}"
    kinds = df["date_basis"].str.split(":").str[0]
    bad = df.loc[~kinds.isin(["paper", "release", "unverified"]), ["name", "date_basis"]]
    assert bad.empty, (
        f"date_basis must start with paper:, release: or unverified: {bad.values.tolist()}"
    )


def test_each_date_is_the_earliest_of_release_and_paper(df):
    """the date column is the earliest month date_basis names (unless marked unverified)"""
    wrong = []
    for row in df.itertuples():
        if row.date_basis.startswith("unverified"):
            continue
        months = DATE.findall(row.date_basis)
        if not months or min(months) != row.date:
            wrong.append((row.name, row.date, row.date_basis))
    assert not wrong, f"date is not the first of the dates in date_basis: {wrong}"


def test_bert_tokens_say_which_count_they_are(df):
    bert = df.set_index("name").loc["BERT-Large"]
    assert float(bert["training_tokens"]) == 1.28e11
    assert "nominal" in bert["notes"] and "4.3e10" in bert["notes"], bert["notes"]


@pytest.mark.parametrize("doc", [README, SLIDES], ids=lambda p: p.parent.name + "/" + p.name)
def test_gopher_and_chinchilla_figures_agree_with_the_csv(doc):
    """5.76e23 is Hoffmann et al.'s figure for Gopher's budget (the CSV's Chinchilla row);
    wherever a paragraph gives it next to Gopher, it must also give Rae et al.'s 6.31e23 (the
    CSV's Gopher row) and say whose figure is whose."""
    flops = pd.read_csv(CSV).set_index("name")["training_flop"]
    chinchilla, gopher = _flop(flops["Chinchilla"]), _flop(flops["Gopher"])
    assert (chinchilla, gopher) == ("5.76e23", "6.31e23")
    paragraphs = re.split(r"\n\s*\n|\n(?=\s*- )", doc.read_text())  # paragraphs, list items
    both = [p for p in paragraphs if "Gopher" in p and chinchilla in p]
    assert both, f"{doc.name} no longer compares Chinchilla's and Gopher's compute"
    for p in both:
        assert gopher in p and "Hoffmann" in p and "Rae" in p, (
            f"{doc.name}: a paragraph gives {chinchilla} next to Gopher without Rae et al.'s "
            f"{gopher} for Gopher and Hoffmann et al. for {chinchilla}:\n{p}"
        )


@pytest.mark.parametrize("doc", [README, SLIDES], ids=lambda p: p.parent.name + "/" + p.name)
def test_the_quoted_trend_is_the_fit_on_the_csv(doc):
    """the headline fit in "What you should see" is what the reference fit gives on the CSV"""
    ref = target.oracle("t7_trends.trends")
    models = ref.load_notable_models()
    models = models[models["year"] >= 2018].dropna(subset=["training_flop"])
    trend = ref.fit_exponential_trend(models["year"], models["training_flop"])
    expected = (
        f"{trend.ooms_per_year:.2f} ± {trend.ooms_per_year_stderr:.2f} OOM/yr",
        f"{trend.growth_per_year:.2f}",
        f"{trend.doubling_time_months:.1f}",
    )
    quoted = re.findall(
        r"\*\*(\d\.\d\d ± \d\.\d\d OOM/yr)[:,] (\d\.\d\d)×(?: per year|/yr), "
        r"doubling every (\d+\.\d) months\*\*",
        doc.read_text(),
    )
    assert quoted, f"{doc.name}: the headline fit is no longer quoted in the expected form"
    for got in quoted:
        assert got == expected, (
            f"{doc.name} quotes {got}, the CSV gives {expected} ({trend.n_points} models)"
        )
