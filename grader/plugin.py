"""The pytest plugin: ``--target``, ``points`` marker, default time limit, results file.

Installed as a pytest11 entry point, so every pytest run in an environment with the
workshop installed has it: ``pytest exercises/t1_tokens --target solutions``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from grader import offline

offline.apply()  # before any test module can import huggingface_hub

import pytest  # noqa: E402

from grader import results as results_mod  # noqa: E402
from grader import target as target_mod  # noqa: E402
from grader.topics import checks_dir  # noqa: E402

DEFAULT_TIMEOUT_S = 60


def pytest_addoption(parser):
    group = parser.getgroup("llm-grader")
    group.addoption(
        "--target",
        default=os.environ.get("LLM_GRADER_TARGET", "exercises"),
        help="code under test: 'exercises' (default), 'solutions', or a submission folder",
    )
    group.addoption(
        "--results-file",
        default=None,
        help="write per-check results (points, pass/fail, message) as JSON to this file",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): points a check is worth (default 1)")
    if getattr(config.option, "timeout", None) in (None, 0) and not config.getini("timeout"):
        config.option.timeout = DEFAULT_TIMEOUT_S
    target_mod.set_target(config.getoption("--target"))
    path = config.getoption("--results-file")
    if path:
        config.pluginmanager.register(_ResultsRecorder(Path(path)), "llm-grader-results")


def pytest_report_header(config):
    target = target_mod.current_target()
    return f"llm-grader target: {target.name} ({target.root})"


def points_of(item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 1.0


def is_hidden(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to(checks_dir().resolve())
        return True
    except ValueError:
        return False


class _ResultsRecorder:
    """Collects one record per check and writes them when the session ends."""

    def __init__(self, path: Path):
        self.path = path
        self.records: dict[str, dict] = {}
        self.collect_errors: list[dict] = []
        self.started = time.perf_counter()


    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(
                {"nodeid": report.nodeid, "message": results_mod.collect_error_message(report)}
            )

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        record = self.records.get(item.nodeid)
        if record is None:
            return
        record["duration_s"] = round(record["duration_s"] + report.duration, 3)
        if report.when == "call" or report.failed:
            results_mod.update_record(record, report, call)

    def pytest_collection_finish(self, session):
        for item in session.items:  # after -k/-m deselection
            self.records[item.nodeid] = results_mod.new_record(
                item, points_of(item), is_hidden(item.path)
            )
        self._write()

    def pytest_runtest_logfinish(self, nodeid, location):
        self._write()  # after every check, so a crash later loses nothing already scored

    def pytest_sessionfinish(self, session):
        self._write()

    def _write(self):
        data = {
            "checks": list(self.records.values()),
            "collect_errors": self.collect_errors,
            "wall_s": round(time.perf_counter() - self.started, 3),
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1))
        os.replace(tmp, self.path)
