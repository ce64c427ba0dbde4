"""Similar submissions: pairs of learners whose code for the same task is unusually alike.

The unit is a task definition: a function or method of a topic's modules that holds a solution
region in solutions/. Each learner's version is normalised on its syntax tree (comments,
formatting, docstrings and bare strings gone; every string literal the same; arguments and
local names renamed to placeholders in order of first use) and flattened into statements, each
a run of tokens that remembers its lines in the learner's file. Statements identical to the
code the stub gives (the signature, given lines, ``raise NotImplementedError``) are left out,
so untouched stubs have no code to compare. Two learners' token lists are matched on their
common runs of ``MIN_RUN`` tokens (k-grams, as MOSS does, so reordered statements still match);
a pair is flagged on a definition when the match is big, close, and well above what the other
pairs of the cohort reach there.
The report only informs the instructors: it never changes a score.
"""

from __future__ import annotations

import ast
import bisect
import copy
import csv
import re
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from grader.cohort import submissions
from grader.core import regions, topics

MIN_RUN = 8  # tokens: a shorter common run is coincidence ("return x", "self.w")
MIN_SHARED = 40  # tokens shared in one definition before a pair can be flagged there
MIN_SIMILARITY = 0.7  # share of both versions' own tokens in common runs
MIN_EXCESS = 0.3  # above the median similarity of the other pairs for that definition
MIN_OTHERS = 3  # fewer other pairs than this: no baseline (the median counts as 0)

_TOKEN = re.compile(r"\$\d+|[A-Za-z_]\w*|\d[\w.]*|\*\*|//|==|!=|<=|>=|->|\S")
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


@dataclass(frozen=True)
class Unit:
    """A task definition: 'Trend.predict' in 't7_trends/trends.py', the code its stub gives."""

    rel: str
    name: str
    tasks: tuple[int, ...]
    given: frozenset[str]


@dataclass
class Code:
    """A learner's own code for a unit: normalised tokens, and each token's lines in the file."""

    tokens: list[str]
    lines: list[tuple[int, int]]


@dataclass
class Match:
    """Two learners' versions of one unit compared."""

    a: str
    b: str
    unit: Unit
    similarity: float
    baseline: float
    shared: int
    spans_a: list[tuple[int, int]]
    spans_b: list[tuple[int, int]]
    flagged: bool = False


def _definitions(tree: ast.Module) -> dict[str, ast.AST]:
    """'name' or 'Class.method' -> node, for top-level functions and methods (the last wins)."""
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[f"{node.name}.{item.name}"] = item
    return out


class _Normaliser(ast.NodeTransformer):
    """Locals and arguments -> $0, $1, … (by first use); strings -> 'S'."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def _rename(self, name):
        return self.names.get(name, name) if name else name

    def visit_Name(self, node):
        node.id = self._rename(node.id)
        return node

    def visit_arg(self, node):
        node.arg, node.annotation = self._rename(node.arg), None
        return node

    def visit_Constant(self, node):
        if isinstance(node.value, (str, bytes)):
            node.value = "S"
        return node

    def visit_JoinedStr(self, node):
        return ast.copy_location(ast.Constant("S"), node)

    def generic_visit(self, node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            node.name = self._rename(node.name)
        elif isinstance(node, ast.ExceptHandler):
            node.name = self._rename(node.name)
        elif isinstance(node, ast.alias):
            node.asname = self.names.get(node.asname or node.name.split(".")[0], node.asname)
        return super().generic_visit(node)


def _placeholders(func: ast.AST) -> dict[str, str]:
    """The function's arguments and locals, numbered by where they first appear."""
    local, kept, seen = set(), set(), []
    for node in ast.walk(func):
        name = None
        if isinstance(node, ast.arg):
            name = node.arg
            local.add(name)
        elif isinstance(node, ast.Name):
            name = node.id
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                local.add(name)
        elif (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node is not func
        ):
            name = node.name
            local.add(name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            name = node.name
            local.add(name)
        elif isinstance(node, ast.alias):
            name = node.asname or node.name.split(".")[0]
            local.add(name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            kept.update(node.names)
        if name is not None:
            seen.append((getattr(node, "lineno", 0), getattr(node, "col_offset", 0), name))
    order = {}
    for *_, name in sorted(seen):
        if name in local - kept and name not in order:
            order[name] = f"${len(order)}"
    return order


def _statements(stmts, out: list) -> None:
    """(normalised text, first line, last line) of each statement, compound ones as headers."""
    for s in stmts:
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant):
            continue  # docstrings and bare strings
        nested = [f for f in _BODIES if getattr(s, f, None)]
        start = s.lineno if hasattr(s, "lineno") else s.pattern.lineno  # match_case has none
        if not nested:
            out.append((ast.unparse(s), start, s.end_lineno or start))
            continue
        head = copy.copy(s)
        for f in nested:
            setattr(head, f, [])
        first = min(
            (c.lineno for f in nested for c in getattr(s, f) if hasattr(c, "lineno")),
            default=start + 1,
        )
        text = " ".join(line for line in ast.unparse(head).splitlines() if not line.startswith("@"))
        out.append((text, start, max(start, first - 1)))
        for f in nested:
            _statements(getattr(s, f), out)


def _normalised(func: ast.AST) -> list[tuple[str, int, int]]:
    """The statements of a function's body, normalised in place (the signature is the stub's)."""
    _Normaliser(_placeholders(func)).visit(func)
    out: list = []
    _statements(func.body, out)
    return out


def _key(text: str) -> str:
    """A statement with every placeholder alike: how given code is recognised wherever it sits."""
    return re.sub(r"\$\d+", "$", text)


STUB_BODY = frozenset(
    {
        "raise NotImplementedError('S')",
        "raise NotImplementedError",
        "raise NotImplementedError()",
        "pass",
    }
)


def task_units(topic_list) -> list[Unit]:
    """The task definitions of the topics' modules, from the reference with its regions."""
    units = []
    for topic in topic_list:
        for path in topics.solution_files(topic, topics.solutions_dir()):
            source = path.read_text(encoding="utf-8")
            if regions.BEGIN not in source:
                continue
            rel = path.relative_to(topics.solutions_dir()).as_posix()
            lines = source.splitlines()
            inside = regions.region_lines(source)
            for name, node in _definitions(ast.parse(source)).items():
                body = lines[node.lineno - 1 : node.end_lineno]
                tasks = tuple(
                    sorted({k for line in body if (k := regions.task_of(line)) is not None})
                )
                if not tasks:
                    continue
                given = {
                    _key(text)
                    for text, start, end in _normalised(node)
                    if not inside.intersection(range(start, end + 1))
                }
                units.append(Unit(rel, name, tasks, frozenset(given | STUB_BODY)))
    return units


def learner_code(sources: dict[str, str], units: list[Unit]) -> tuple[dict[Unit, Code], list[str]]:
    """A learner's own code for each unit they wrote something in; files that do not parse."""
    out, unreadable = {}, []
    for rel in sorted({u.rel for u in units}):
        if rel not in sources:
            continue
        try:
            defs = _definitions(ast.parse(sources[rel]))
            for unit in (u for u in units if u.rel == rel and u.name in defs):
                code = Code([], [])
                for text, start, end in _normalised(defs[unit.name]):
                    if _key(text) not in unit.given:
                        tokens = _TOKEN.findall(text)
                        code.tokens += tokens
                        code.lines += [(start, end)] * len(tokens)
                if code.tokens:
                    out[unit] = code
        except (SyntaxError, ValueError, RecursionError):
            unreadable.append(rel)
    return out, unreadable


def _grams(code: Code, k: int) -> dict[tuple[str, ...], list[int]]:
    """Each run of ``k`` tokens in ``code`` -> where it starts."""
    out: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(code.tokens) - k + 1):
        out.setdefault(tuple(code.tokens[i : i + k]), []).append(i)
    return out


def _overlap(x: Code, y: Code, grams: dict) -> tuple[bytearray, bytearray]:
    """For each side, which tokens lie in a run of ``MIN_RUN`` tokens both have (1) or not (0);
    a version shorter than that counts only if the other holds all of it."""
    if x.tokens == y.tokens:  # an exact copy once normalised: the common case worth a shortcut
        return bytearray(b"\1" * len(x.tokens)), bytearray(b"\1" * len(y.tokens))
    k = min(MIN_RUN, len(x.tokens), len(y.tokens))
    ga, gb = (grams[id(x)], grams[id(y)]) if k == MIN_RUN else (_grams(x, k), _grams(y, k))
    common, run, marks = ga.keys() & gb.keys(), b"\1" * k, []
    for code, found in ((x, ga), (y, gb)):
        covered = bytearray(len(code.tokens))
        for i in (i for g in common for i in found[g]):
            covered[i : i + k] = run
        marks.append(covered)
    return marks[0], marks[1]


def _spans(code: Code, covered: bytearray) -> list[tuple[int, int]]:
    """The merged line ranges of the covered tokens."""
    merged: list[list[int]] = []
    for start, end in sorted({code.lines[i] for i, hit in enumerate(covered) if hit}):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _median_without(ordered: list[float], value: float) -> float:
    """The median of ``ordered`` (sorted) with one ``value`` left out."""
    skip = bisect.bisect_left(ordered, value)
    rest = len(ordered) - 1

    def at(i):
        return ordered[i + (i >= skip)]

    return at(rest // 2) if rest % 2 else (at(rest // 2 - 1) + at(rest // 2)) / 2


def compare(codes: dict[str, dict[Unit, Code]]) -> list[Match]:
    """Every pair of learners on every unit both wrote code for, flagged by the module's rule,
    ranked: flagged pairs by their shared tokens in flagged units, then by similarity."""
    grams = {id(code): _grams(code, MIN_RUN) for mine in codes.values() for code in mine.values()}
    by_unit: dict[Unit, list[Match]] = {}
    for a, b in combinations(sorted(codes), 2):
        for unit in codes[a].keys() & codes[b].keys():
            x, y = codes[a][unit], codes[b][unit]
            on_a, on_b = (n.count(1) for n in _overlap(x, y, grams))
            by_unit.setdefault(unit, []).append(
                Match(
                    a,
                    b,
                    unit,
                    (on_a + on_b) / (len(x.tokens) + len(y.tokens)),
                    0.0,
                    min(on_a, on_b),
                    [],
                    [],
                )
            )
    matches = []
    for pairs in by_unit.values():
        ordered = sorted(m.similarity for m in pairs)
        for m in pairs:
            m.baseline = _median_without(ordered, m.similarity) if len(pairs) > MIN_OTHERS else 0.0
            m.flagged = (
                m.shared >= MIN_SHARED
                and m.similarity >= MIN_SIMILARITY
                and m.similarity - m.baseline >= MIN_EXCESS
            )
            if m.flagged:  # the lines, for the flagged only: the rest need none
                x, y = codes[m.a][m.unit], codes[m.b][m.unit]
                on_a, on_b = _overlap(x, y, grams)
                m.spans_a, m.spans_b = _spans(x, on_a), _spans(y, on_b)
        matches += pairs
    totals: dict[tuple[str, str], int] = {}
    for m in matches:
        totals[m.a, m.b] = totals.get((m.a, m.b), 0) + (m.shared if m.flagged else 0)
    return sorted(
        matches,
        key=lambda m: (
            -m.flagged,
            -totals[m.a, m.b],
            m.a,
            m.b,
            -m.similarity,
            m.unit.rel,
            m.unit.name,
        ),
    )


def _lines(spans) -> str:
    return ", ".join(f"{s}" if s == e else f"{s}-{e}" for s, e in spans)


HEADER = f"""# Similar submissions

Pairs of learners whose code for the same task is unusually alike. **This report never
changes a score: it points at code for an instructor to read, and the instructor decides.**

How it is computed. Each task's function or method (a definition holding a solution region)
is compared between every two learners who wrote code in it, after normalising its syntax
tree: comments, formatting, docstrings and string literals do not count, and arguments and
local names are renamed by order of first use, so a renamed and reformatted copy still
matches. Code the stub gives (the signature, given lines, `raise NotImplementedError`) never
counts, and untouched stubs are not compared. Similarity is the share of both versions'
tokens that lie in common runs of at least {MIN_RUN} tokens. A pair is **flagged** on a
definition when

- they share at least {MIN_SHARED} tokens there (short code everybody writes alike is not
  evidence),
- their similarity is at least {MIN_SIMILARITY:.0%}, and
- it is at least {MIN_EXCESS * 100:.0f} points above the cohort's median for that definition
  (the median over the other pairs; with fewer than {MIN_OTHERS} other pairs it counts as 0).

Pairs are ranked by the tokens they share in flagged definitions. Lines are those of each
learner's file (for a notebook, of the module `llm-grader export` writes from it). A copy
whose statements were reordered or rewritten may be missed.
"""


def write(matches: list[Match], out: Path, compared: int, unreadable: dict[str, list[str]]) -> None:
    """similarity.md (flagged pairs, with spans) and similarity.csv (every comparison)."""
    flagged = [m for m in matches if m.flagged]
    pairs: dict[tuple[str, str], list[Match]] = {}
    for m in flagged:
        pairs.setdefault((m.a, m.b), []).append(m)
    lines = [
        HEADER,
        f"{compared} learners wrote code of their own; {len(matches)} comparisons, "
        f"{len(pairs)} pair(s) flagged. Every comparison is in "
        "similarity.csv (with lines for the flagged ones).",
        "",
    ]
    lines += [
        f"- {who}: {', '.join(rels)} could not be parsed, so was not compared"
        for who, rels in sorted(unreadable.items())
    ] + [""] * bool(unreadable)
    if pairs:
        lines += ["| rank | learners | shared tokens | definitions |", "|---:|---|---:|---|"]
        lines += [
            f"| {rank} | {a} – {b} | {sum(m.shared for m in ms)} | "
            f"{', '.join(m.unit.name for m in ms)} |"
            for rank, ((a, b), ms) in enumerate(pairs.items(), 1)
        ]
        for rank, ((a, b), ms) in enumerate(pairs.items(), 1):
            lines += [
                "",
                f"## {rank}. {a} and {b}",
                "",
                f"| definition | task | similarity | cohort median | shared tokens | {a}: lines | {b}: lines |",
                "|---|---:|---:|---:|---:|---|---|",
            ]
            for m in ms:
                lines.append(
                    f"| {m.unit.rel} `{m.unit.name}` | {', '.join(map(str, m.unit.tasks))} | "
                    f"{m.similarity:.0%} | {m.baseline:.0%} | {m.shared} | "
                    f"{_lines(m.spans_a)} | {_lines(m.spans_b)} |"
                )
    (out / "similarity.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (out / "similarity.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "learner_a",
                "learner_b",
                "flagged",
                "file",
                "definition",
                "tasks",
                "similarity",
                "cohort_median",
                "shared_tokens",
                "lines_a",
                "lines_b",
            ]
        )
        for m in matches:
            writer.writerow(
                [
                    m.a,
                    m.b,
                    int(m.flagged),
                    m.unit.rel,
                    m.unit.name,
                    " ".join(map(str, m.unit.tasks)),
                    f"{m.similarity:.3f}",
                    f"{m.baseline:.3f}",
                    m.shared,
                    _lines(m.spans_a),
                    _lines(m.spans_b),
                ]
            )


def report(subs: list[submissions.Submission], topic_list, out: Path) -> list[Match]:
    """Read every submission's modules (as grading copies them), compare, write the report."""
    units = task_units(topic_list)
    codes, unreadable = {}, {}
    with tempfile.TemporaryDirectory(prefix="llm-grader-similarity-") as tmp:
        for sub in subs:
            copied = submissions.materialize(sub, Path(tmp) / sub.learner, topic_list)
            sources = {
                rel: (copied.root / rel).read_text(encoding="utf-8", errors="replace")
                for rel in copied.copied
            }
            code, bad = learner_code(sources, units)
            if code:
                codes[sub.learner] = code
            if bad:
                unreadable[sub.learner] = bad
    matches = compare(codes)
    write(matches, out, len(codes), unreadable)
    return matches
