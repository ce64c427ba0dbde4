"""similarity.md / .csv of `llm-grader score`: a renamed, reformatted, recommented copy is
flagged with its lines; independent work and untouched stubs are not (issue 22)."""

from __future__ import annotations

import ast
import csv
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from grader import cli
from grader.build import sync
from grader.cohort import score, similarity, submissions
from grader.core import topics
from grader.run import notebook_modules

TOPIC = "t7_trends"
REL = f"{TOPIC}/trends.py"
SHORT = [
    "training_flops",
    "Trend.growth_per_year",
    "Trend.doubling_time_months",
    "Trend.predict",
    "chinchilla_optimal",
    "chinchilla_loss",
    "effective_compute_ooms",
]

# bob's copy of alice's (the reference's) code: names, layout, comments, messages all changed
BOB = {
    "fit_exponential_trend": '''
def fit_exponential_trend(years, values) -> Trend:
    """My least-squares fit."""
    # turn both inputs into float arrays first
    yrs = np.asarray(years, dtype=float); vals = np.asarray(values, dtype=float)
    if yrs.shape != vals.shape or yrs.ndim != 1:
        raise ValueError("inputs must be 1-D with equal lengths")
    good = ~(np.isnan(yrs) | np.isnan(vals))   # drop the gaps
    yrs, vals = yrs[good], vals[good]
    if (vals <= 0).any():
        raise ValueError('log10 needs positive values')
    if len(yrs) < 3 or np.ptp(yrs) == 0:
        raise ValueError(f"too few points: {len(yrs)}")
    logs = np.log10(vals)
    # centre everything on the means
    mx, my = yrs.mean(), logs.mean()
    spread = ((yrs - mx) ** 2).sum()
    rate = ((yrs - mx) * (logs - my)).sum() / spread
    resid = logs - (my + rate * (yrs - mx))
    err = math.sqrt(
        (resid ** 2).sum() / (len(yrs) - 2) / spread
    )
    return Trend(float(rate), float(mx), float(my), err, int(len(yrs)))
''',
    "loss_optimal_allocation": """
def loss_optimal_allocation(compute, A: float = 406.4, B: float = 410.7,
                            alpha: float = 0.34, beta: float = 0.28) -> tuple[float, float]:
    # compute / 6 is N * D
    c6 = np.asarray(compute, dtype=float) / 6.0
    g = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    n_best = g * c6 ** (beta / (alpha + beta))
    d_best = c6 / n_best
    if np.ndim(compute) == 0:
        return float(n_best), float(d_best)   # plain floats for a plain budget
    return n_best, d_best
""",
    "sensitivity_table": """
def sensitivity_table(years, compute_rates, algorithmic_rates, unhobbling_ooms=0.0):
    table = pd.DataFrame(index=pd.Index(list(compute_rates), name="compute OOM/yr"),
                         columns=pd.Index(list(algorithmic_rates), name="algorithmic OOM/yr"),
                         dtype=float)
    for c in table.index:
        for a in table.columns:
            table.loc[c, a] = effective_compute_ooms(years, c, a, unhobbling_ooms)
    return table
""",
}

CAROL = {
    "fit_exponential_trend": """
def fit_exponential_trend(years, values) -> Trend:
    years, values = list(years), list(values)
    if len(years) != len(values):
        raise ValueError("years and values differ in length")
    points = [(float(t), float(v)) for t, v in zip(years, values)
              if not (math.isnan(float(t)) or math.isnan(float(v)))]
    if any(v <= 0 for _, v in points):
        raise ValueError("values must be positive")
    if len(points) < 3 or len({t for t, _ in points}) < 2:
        raise ValueError("need 3 points over 2 years")
    n = len(points)
    ts = [t for t, _ in points]
    ls = [math.log10(v) for _, v in points]
    st, sl = sum(ts), sum(ls)
    stt = sum(t * t for t in ts)
    stl = sum(t * l for t, l in zip(ts, ls))
    slope = (n * stl - st * sl) / (n * stt - st * st)
    mean_t, mean_l = st / n, sl / n
    sse = sum((l - mean_l - slope * (t - mean_t)) ** 2 for t, l in zip(ts, ls))
    stderr = math.sqrt(sse / (n - 2) / (stt - n * mean_t ** 2))
    return Trend(slope, mean_t, mean_l, stderr, n)
""",
    "loss_optimal_allocation": """
def loss_optimal_allocation(compute, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    total = alpha + beta
    gain = (alpha * A / (beta * B)) ** (1 / total)
    n_opt = gain * (np.asarray(compute, dtype=float) / 6) ** (beta / total)
    d_opt = np.asarray(compute, dtype=float) / (6 * n_opt)
    if np.isscalar(compute):
        return float(n_opt), float(d_opt)
    return n_opt, d_opt
""",
    "sensitivity_table": """
def sensitivity_table(years, compute_rates, algorithmic_rates, unhobbling_ooms=0.0):
    compute_rates, algorithmic_rates = list(compute_rates), list(algorithmic_rates)
    columns = {}
    for a in algorithmic_rates:
        columns[a] = [effective_compute_ooms(years, c, a, unhobbling_ooms) for c in compute_rates]
    table = pd.DataFrame(columns, index=compute_rates)
    table.index.name = "compute OOM/yr"
    table.columns.name = "algorithmic OOM/yr"
    return table
""",
}

DAVE = {
    "fit_exponential_trend": """
def fit_exponential_trend(years, values) -> Trend:
    t = np.array(years, dtype=float)
    y = np.array(values, dtype=float)
    if t.ndim != 1 or y.ndim != 1 or t.size != y.size:
        raise ValueError("expected two 1-D sequences of one length")
    ok = ~np.isnan(t) & ~np.isnan(y)
    t, y = t[ok], y[ok]
    if np.any(y <= 0):
        raise ValueError("cannot fit the log of a non-positive value")
    if t.size < 3 or np.unique(t).size < 2:
        raise ValueError("not enough points")
    centre = t.mean()
    design = np.column_stack([np.ones_like(t), t - centre])
    coef, rss, _, _ = np.linalg.lstsq(design, np.log10(y), rcond=None)
    sigma2 = (float(rss[0]) if rss.size else 0.0) / (t.size - 2)
    cov = sigma2 * np.linalg.inv(design.T @ design)
    return Trend(ooms_per_year=float(coef[1]), reference_year=float(centre),
                 log10_at_reference=float(coef[0]),
                 ooms_per_year_stderr=float(np.sqrt(cov[1, 1])), n_points=int(t.size))
""",
    "loss_optimal_allocation": """
def loss_optimal_allocation(compute, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    c = np.asarray(compute, dtype=float)
    log_g = (math.log(alpha * A) - math.log(beta * B)) / (alpha + beta)
    n = np.exp(log_g + beta / (alpha + beta) * np.log(c / 6.0))
    d = c / 6.0 / n
    return (n.item(), d.item()) if c.ndim == 0 else (n, d)
""",
    "sensitivity_table": """
def sensitivity_table(years, compute_rates, algorithmic_rates, unhobbling_ooms=0.0):
    c = np.asarray(list(compute_rates), dtype=float)
    a = np.asarray(list(algorithmic_rates), dtype=float)
    grid = effective_compute_ooms(years, c[:, None], a[None, :], unhobbling_ooms)
    return pd.DataFrame(grid, index=pd.Index(c, name="compute OOM/yr"),
                        columns=pd.Index(a, name="algorithmic OOM/yr"))
""",
}

# gina's copy of carol's table: names, layout, comments and quotes changed
GINA = {
    "sensitivity_table": """
def sensitivity_table(years, compute_rates, algorithmic_rates, unhobbling_ooms=0.0):
    compute_rates, algorithmic_rates = list(compute_rates), list(algorithmic_rates)
    cols = {}   # one column per algorithmic rate
    for rate in algorithmic_rates:
        cols[rate] = [
            effective_compute_ooms(years, cr, rate, unhobbling_ooms)
            for cr in compute_rates
        ]
    out = pd.DataFrame(cols, index=compute_rates)
    out.index.name = 'compute OOM/yr'
    out.columns.name = 'algorithmic OOM/yr'
    return out
""",
}


def _span(source: str, name: str) -> tuple[int, int]:
    """Lines of a top-level function or 'Class.method' in ``source``."""
    node = similarity._definitions(ast.parse(source))[name]
    return (node.decorator_list[0].lineno if node.decorator_list else node.lineno), node.end_lineno


def _replace(source: str, name: str, new: str) -> str:
    start, end = _span(source, name)
    lines = source.splitlines(keepends=True)
    indent = lines[start - 1][: len(lines[start - 1]) - len(lines[start - 1].lstrip())]
    body = "".join(
        indent + line if line.strip() else line for line in new.strip("\n").splitlines(True)
    )
    return "".join(lines[: start - 1]) + body + "\n" + "".join(lines[end:])


def _reference(name: str) -> str:
    source = (topics.solutions_dir() / REL).read_text()
    start, end = _span(source, name)
    lines = source.splitlines(keepends=True)[start - 1 : end]
    indent = len(lines[0]) - len(lines[0].lstrip())
    return "".join(line[indent:] for line in lines)


def _module(own: dict[str, str]) -> str:
    """The stub with every short task and the learner's own functions filled in."""
    source = sync.make_stub((topics.solutions_dir() / REL).read_text(), REL)
    for name in SHORT:
        source = _replace(source, name, _reference(name))
    for name, code in own.items():
        source = _replace(source, name, code)
    return source


def _learner(folder: Path, own: dict[str, str]) -> Path:
    (folder / TOPIC).mkdir(parents=True)
    (folder / REL).write_text(_module(own))
    shutil.copy(topics.exercises_dir() / TOPIC / "__init__.py", folder / TOPIC / "__init__.py")
    return folder


def _notebook(path: Path, own: dict[str, str]) -> Path:
    """A learner who worked in a notebook: the module in one ``%%module`` cell."""
    cell = nbformat.v4.new_code_cell(f"%%module {TOPIC}.trends\n" + _module(own))
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


def _file(subs: Path, learner: str) -> str:
    """The module as grading reads it (from the notebook, for gina)."""
    if learner == "gina":
        return notebook_modules.notebook_modules(json.loads((subs / "gina.ipynb").read_text()))[
            f"{TOPIC}.trends"
        ]
    return (subs / learner / REL).read_text()


def build_cohort(root: Path) -> Path:
    """alice: the reference; bob: a disguised copy of two of her functions; carol and dave:
    their own; gina (a notebook): a disguised copy of carol's table; erin and frank (a zip):
    untouched stubs."""
    subs = root / "submissions"
    names = ["fit_exponential_trend", "loss_optimal_allocation", "sensitivity_table"]
    _learner(subs / "alice", {n: _reference(n) for n in names})
    _learner(subs / "bob", BOB)
    _learner(subs / "carol", CAROL)
    _learner(subs / "dave", DAVE)
    _notebook(subs / "gina.ipynb", GINA)
    sync.build_stubs(subs / "erin", [TOPIC])
    frank = sync.build_stubs(root / "frank", [TOPIC])
    with zipfile.ZipFile(subs / "frank.zip", "w") as z:
        for path in sorted((frank / TOPIC).glob("*.py")):
            z.write(path, f"exercises/{TOPIC}/{path.name}")
    return subs


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    root = tmp_path_factory.mktemp("similarity")
    subs = build_cohort(root)
    out = root / "out"
    out.mkdir()
    matches = similarity.report(submissions.discover(subs), [TOPIC], out)
    return subs, out, matches


def test_the_disguised_copy_is_ranked_first_with_its_lines(cohort):
    subs, out, matches = cohort
    flagged = [m for m in matches if m.flagged]
    assert [(m.a, m.b, m.unit.name) for m in flagged] == [
        ("alice", "bob", "fit_exponential_trend"),
        ("alice", "bob", "loss_optimal_allocation"),
        ("carol", "gina", "sensitivity_table"),
    ]
    for m in flagged:
        for learner, spans in ((m.a, m.spans_a), (m.b, m.spans_b)):
            start, end = _span(_file(subs, learner), m.unit.name)
            assert spans and all(start < s <= e <= end for s, e in spans), (learner, spans)
    rows = list(csv.DictReader((out / "similarity.csv").open()))
    assert (rows[0]["learner_a"], rows[0]["learner_b"], rows[0]["flagged"]) == ("alice", "bob", "1")
    text = (out / "similarity.md").read_text()
    assert "never" in text and "## 1. alice and bob" in text and "## 2. carol and gina" in text
    fit = next(m for m in flagged if m.unit.name == "fit_exponential_trend")
    assert similarity._lines(fit.spans_b) in text


def test_independent_work_and_short_code_are_not_flagged(cohort):
    _, _, matches = cohort
    independent = [m for m in matches if (m.a, m.b) not in (("alice", "bob"), ("carol", "gina"))]
    assert len({(m.a, m.b) for m in independent}) == 8
    assert not any(m.flagged for m in independent)
    short = [m for m in matches if m.unit.name in SHORT]
    assert short and all(m.similarity == 1 and not m.flagged for m in short)  # all write it alike


def test_untouched_stubs_are_not_compared(cohort):
    _, _, matches = cohort
    assert not [m for m in matches if {m.a, m.b} & {"erin", "frank"}]
    left_as_stubs = {"plot_trend", "fit_power_law"}  # by everybody but alice
    assert not [m for m in matches if m.unit.name in left_as_stubs]


def test_stub_code_never_counts():
    """Every topic's untouched stubs hold no code of the learner's (signatures, docstrings,
    given lines, the raise); a line of their own next to the raise is all that counts."""
    units = similarity.task_units(topics.available_topics())
    for topic in topics.available_topics():
        for path in topics.solution_files(topic, topics.solutions_dir()):
            rel = path.relative_to(topics.solutions_dir()).as_posix()
            stub = sync.make_stub(path.read_text(), rel)
            assert similarity.learner_code({rel: stub}, units) == ({}, []), rel
    stub = sync.make_stub((topics.solutions_dir() / REL).read_text(), REL)
    mine = stub.replace(
        'raise NotImplementedError("fit_exponential_trend',
        'x = 1\n    raise NotImplementedError("fit_exponential_trend',
    )
    code, _ = similarity.learner_code({REL: mine}, units)
    assert [c.tokens for c in code.values()] == [["$2", "=", "1"]]


def test_a_module_that_does_not_parse_is_named_not_compared(tmp_path):
    subs = tmp_path / "submissions"
    _learner(subs / "alice", {})
    _learner(subs / "bob", {})
    (subs / "bob" / REL).write_text("def training_flops(params, tokens:\n")
    similarity.report(submissions.discover(subs), [TOPIC], tmp_path)
    assert f"bob: {REL} could not be parsed" in (tmp_path / "similarity.md").read_text()


def test_scores_are_the_same_with_and_without_the_report(tmp_path, monkeypatch):
    """The report is written beside the grades and changes none of them (no checks are run:
    the runner is stubbed so that the test stays fast)."""
    subs = build_cohort(tmp_path)

    def fake_run_topic(topic, target, **kwargs):
        passed = "--collect-only" in kwargs.get("extra", ()) or (
            'NotImplementedError("fit_exponential' not in (Path(target) / REL).read_text()
        )
        check = {"id": "test_t.py::test_fit", "title": "fit", "points": 2, "hidden": False}
        check.update(passed=passed, message="", duration_s=0.0)
        return {"checks": [check], "error": None, "log": ""}

    monkeypatch.setattr(score.runner, "run_topic", fake_run_topic)
    outs = {}
    for flag in ([], ["--no-similarity"]):
        out = tmp_path / f"out{len(flag)}"
        assert (
            cli.main(["score", str(subs), "--out", str(out), "--topics", "7", "--jobs", "1", *flag])
            == 0
        )
        outs[bool(flag)] = out
    assert (outs[False] / "similarity.md").exists() and not (outs[True] / "similarity.md").exists()
    assert (outs[False] / "grades.csv").read_text() == (outs[True] / "grades.csv").read_text()
    grades = json.loads((outs[False] / "grades.json").read_text())
    assert grades["bob"]["score"] == 2 and grades["erin"]["score"] == 0
