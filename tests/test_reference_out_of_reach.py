"""The reference is out of reach of the code under test (issue 22).

tests/cheats/<topic>/*.py are submissions that write no code of their own: untouched stubs
whose functions borrow the grader's answers at run time, each in one way (the call stack,
``inspect.stack()``, a traceback's frames, ``sys.modules``, ``gc``, the grader's own state,
the closure of a handler that holds the running check). Each must score no more than the
untouched stubs on the checks that call it, and every one of those checks must say that the
code tried to read the grader's reference answers. The in-process guard (grader.core.guard)
and the vault that holds the reference (grader.core.target) are tested here directly too.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.core import topics
from grader.run import runner

CHEATS = Path(__file__).with_name("cheats")
REFUSED = "the code tried to read the grader's reference answers"
# checks that load the reference before the cheats' checks run (so that the attacks have
# something to borrow in a grader without these defences)
LOADERS = {
    "t1_tokens": [
        "test_bpe_hidden.py::test_merges_match_reference_on_unseen_shakespeare",
        "test_sampling_hidden.py::test_filters_work_row_by_row",
    ],
    "t7_trends": ["test_trends_hidden.py::test_plot_trend_shows_every_model_and_the_fit"],
}


def cheat_info(path: Path) -> dict:
    """A cheat's module, checks, docstring and the names of the functions it defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    values = {
        n.targets[0].id: ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
    }
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    return {
        "path": path,
        "module": values["MODULE"],
        "checks": values["CHECKS"],
        "what": ast.get_docstring(tree).splitlines()[0],
        "functions": functions,
        "source": "".join(
            ast.get_source_segment(path.read_text(encoding="utf-8"), n) + "\n\n\n"
            for n in tree.body
            if isinstance(n, ast.FunctionDef)
        ),
    }


def cheat_groups(topic: str) -> list[list[dict]]:
    """The topic's cheats, grouped so that no two in a group replace the same function (one
    submission, one check run per group)."""
    groups: list[list[dict]] = []
    for path in sorted((CHEATS / topic).glob("*.py")):
        info = cheat_info(path)
        names = {(info["module"], f) for f in info["functions"]}
        for group in groups:
            if not names & {(c["module"], f) for c in group for f in c["functions"]}:
                group.append(info)
                break
        else:
            groups.append([info])
    return groups


def build_submission(topic: str, group: list[dict], stubs: Path, dest: Path) -> Path:
    """The untouched stubs of ``topic`` with the group's functions appended to their modules
    (a later ``def`` wins)."""
    shutil.copytree(
        stubs / topic, dest / topic, ignore=shutil.ignore_patterns("__pycache__", "test_*.py")
    )
    for cheat in group:
        path = dest / topic / cheat["module"]
        path.write_text(
            path.read_text(encoding="utf-8") + "\n\n# borrowed, not written\n" + cheat["source"],
            encoding="utf-8",
        )
    return dest


def check_ids(topic: str, group: list[dict]) -> list[str]:
    ids = LOADERS.get(topic, []) + [i for c in group for i in c["checks"]]
    return list(dict.fromkeys(ids))


def scored(outcome: dict, ids) -> float:
    return sum(c["points"] for c in outcome["checks"] if c["passed"] and c["id"] in ids)


RUN_TOPICS = ["t1_tokens", "t2_attention", "t5_rlhf", "t7_trends"]
GROUPS = [(t, i) for t in RUN_TOPICS for i in range(len(cheat_groups(t)))]


@pytest.fixture(scope="module")
def outcomes(stub_target, tmp_path_factory):
    """Every group's run and the stubs' run on the same checks, two at a time."""
    jobs = []
    for topic, index in GROUPS:
        group = cheat_groups(topic)[index]
        folder = build_submission(
            topic, group, stub_target, tmp_path_factory.mktemp(f"{topic}-{index}")
        )
        jobs.append(((topic, index), str(folder), check_ids(topic, group)))
    for topic in RUN_TOPICS:  # the stubs on the same checks (they score 0 on every check:
        # test_checks_are_proven.py); t5's checks import the most, so it is the one run here
        if topic == "t5_rlhf":
            ids = list(dict.fromkeys(i for g in cheat_groups(topic) for i in check_ids(topic, g)))
            jobs.append(((topic, "stubs"), str(stub_target), ids))

    def run(job):
        key, folder, ids = job
        return key, runner.run_topic(key[0], target=folder, only=ids)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, jobs))


def test_the_family_covers_every_way_of_borrowing():
    """call stack, inspect.stack, tracebacks, sys.modules, gc, grader state, closures: for
    t1, t2, t5 and t7."""
    whats = {t: " ".join(c["what"] for g in cheat_groups(t) for c in g) for t in RUN_TOPICS}
    for topic, text in whats.items():
        assert "sys.modules" in text and "gc.get_objects" in text, topic
        assert "traceback" in text or "tb_frame" in text, topic
    together = " ".join(whats.values())
    for way in ("sys._getframe", "inspect.stack()", "closure", "grader.core.target", "vault"):
        assert way in together, way


@pytest.mark.timeout(900)
@pytest.mark.parametrize("topic,index", GROUPS, ids=[f"{t}-{i}" for t, i in GROUPS])
def test_cheats_score_no_more_than_the_stubs_and_are_told_why(topic, index, outcomes):
    group = cheat_groups(topic)[index]
    outcome = outcomes[(topic, index)]
    assert outcome["error"] is None, outcome["error"] + "\n" + outcome["log"][-3000:]
    ids = [i for c in group for i in c["checks"]]
    stubs = outcomes.get((topic, "stubs"))
    assert scored(outcome, ids) <= (scored(stubs, ids) if stubs else 0) == 0
    by_id = {c["id"]: c for c in outcome["checks"]}
    for cheat in group:
        for check in cheat["checks"]:
            assert check in by_id, f"{check} did not run"
            assert REFUSED in by_id[check]["message"], (
                f"{cheat['path'].name} ({cheat['what']}): {check}: {by_id[check]['message']}"
            )


GUARDED = r"""
import gc, sys
sys.path.insert(0, {root!r})
from grader.core import guard, target
learner, solutions = {learner!r}, {solutions!r}
guard.install(learner, [solutions])
ref = target.oracle("t7_trends.trends")
assert ref.chinchilla_optimal(5.76e23)[0] > 6e10          # the checks get the reference
real = ref._load()
sys.path.insert(0, learner)
import sneaky
# nothing but the vault (its generator and its dict) holds the real module: no module
# global, no proxy attribute (its own package's dict and this script's globals aside)
vault = target._vault_send.__self__
def known(h):
    return h is vault or h is globals() or isinstance(h, dict) and (
        h.get("__name__") == "_oracle_t7_trends" or h.get("t7_trends.trends") is real)
holders = [r for r in gc.get_referrers(real) if not known(r)]
print("HOLDERS", sorted(type(h).__name__ for h in holders))
print("SYSMOD", [k for k in sys.modules if k.startswith(target.ORACLE_PREFIX)])
print("PROXY", sorted(k for k in vars(ref) if not k.startswith("__")))
for name in sneaky.ATTEMPTS:
    try:
        result = getattr(sneaky, name)(ref)
        print("ALLOWED", name, type(result).__name__)
    except PermissionError as exc:
        print("REFUSED", name, str(exc)[:60])
box = []
sys.audit(guard.REFUSALS_EVENT, box)
print("COUNT", box[0])
"""

SNEAKY = """
import gc, inspect, sys, traceback, threading
from concurrent.futures import ThreadPoolExecutor

ATTEMPTS = ["proxy", "load", "vault_send", "vault_frame", "getframe", "currentframe", "stack",
            "walk_stack", "tb_frame", "inspect_trace", "gc_objects", "gc_referrers",
            "settrace", "executor_gc", "compile_foreign", "exec_string", "code_replace",
            "rebound_constants", "proxy_again", "own_frame_ok", "format_exc_ok", "namedtuple_ok", "logging_ok"]

def proxy(ref): return ref.chinchilla_optimal
def load(ref): return ref._load()
def vault_send(ref):
    from grader.core import target
    answer = target._vault_send("t7_trends.trends")
    if isinstance(answer, BaseException):
        raise answer
    return answer
def vault_frame(ref):
    from grader.core import target
    return target._vault_send.__self__.gi_frame
def getframe(ref): return sys._getframe(1)
def currentframe(ref): return inspect.currentframe()
def stack(ref): return inspect.stack()
def walk_stack(ref): return list(traceback.walk_stack(None))
def tb_frame(ref):
    try:
        raise KeyError
    except KeyError as exc:
        return exc.__traceback__.tb_frame
def inspect_trace(ref):
    try:
        raise KeyError
    except KeyError:
        return inspect.trace()
def gc_objects(ref): return gc.get_objects()
def gc_referrers(ref): return gc.get_referrers(ref)
def settrace(ref): sys.settrace(lambda *a: None)
def executor_gc(ref):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(gc.get_objects).result()
def compile_foreign(ref): return compile("1", inspect.__file__, "eval")
def exec_string(ref): return exec("import sys; sys._getframe(0)")
def code_replace(ref): return proxy.__code__.replace(co_filename="/usr/lib/x.py")
def rebound_constants(ref):
    from grader.core import guard, target
    guard.FRAME_ATTRS, guard.FRAME_APIS, guard.MEMORY_EVENTS = {}, frozenset(), {}
    target.ORACLE_EVENT = guard.ORACLE_EVENT = "nothing"
    return tb_frame(ref)
def proxy_again(ref): return ref.chinchilla_optimal
def own_frame_ok(ref):
    import logging
    return logging.getLogger("sneaky").findCaller()
def format_exc_ok(ref):
    try:
        raise KeyError
    except KeyError:
        return traceback.format_exc()
def namedtuple_ok(ref):
    from collections import namedtuple
    return namedtuple("P", "x y")(1, 2)
def logging_ok(ref):
    import logging
    logging.getLogger("sneaky").warning("fine")
"""


def test_the_guard_refuses_every_way_to_the_reference_and_allows_library_frames(tmp_path):
    learner = tmp_path / "learner"
    learner.mkdir()
    (learner / "sneaky.py").write_text(SNEAKY)
    root = str(topics.project_root())
    script = GUARDED.format(root=root, learner=str(learner), solutions=str(topics.solutions_dir()))
    env = {**os.environ, "LLM_WORKSHOP_ROOT": root}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(
        line.split(" ", 1)
        for line in done.stdout.splitlines()
        if " " in line and line.split(" ", 1)[0] in ("HOLDERS", "SYSMOD", "PROXY")
    )
    assert lines["HOLDERS"] == "[]", f"who else holds the reference: {lines['HOLDERS']}"
    assert lines["SYSMOD"] == "[]" and lines["PROXY"] == "[]"
    results = {
        line.split()[1]: line.split()[0]
        for line in done.stdout.splitlines()
        if line.startswith(("ALLOWED", "REFUSED"))
    }
    expected = {
        name: "ALLOWED" if name.endswith("_ok") else "REFUSED"
        for name in ast.literal_eval(SNEAKY.split("ATTEMPTS = ", 1)[1].split("\n\n", 1)[0])
    }
    assert results == expected, textwrap.indent(done.stdout, "  ")
    refused = [line for line in done.stdout.splitlines() if line.startswith("REFUSED")]
    assert all(REFUSED[:40] in line for line in refused), refused
    count = int(done.stdout.split("COUNT ", 1)[1].split()[0])
    assert count >= len(refused)  # each counted: the plugin fails the check that caused it


@pytest.mark.xfail(
    strict=True,
    reason="known gap (grader/core/guard.py): reference classes are "
    "reachable through object.__subclasses__(), and calling a reference function "
    "raises no audit event",
)
def test_known_gap_reference_classes_through_subclasses(stub_target, tmp_path):
    group = [
        cheat_info(Path(__file__).with_name("cheats_known_gaps") / "t7_trends" / "subclasses.py")
    ]
    folder = build_submission("t7_trends", group, stub_target, tmp_path)
    outcome = runner.run_topic("t7_trends", target=str(folder), only=check_ids("t7_trends", group))
    assert scored(outcome, group[0]["checks"]) == 0
