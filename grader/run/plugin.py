"""The pytest plugin: ``--target``, ``points`` marker, default time limit, results file.

Inert unless asked for: the workshop's own pytest configs load it (``-p grader.run.plugin`` in
pyproject.toml, for ``pytest exercises/t1_tokens --target solutions``, and in
grader/run/pytest.ini, for llm-grader's check processes); pytest runs of other projects in
the same environment never see it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
from pathlib import Path

from grader.core import offline

offline.apply()  # before any test module can import huggingface_hub
offline.cpu_only()  # checks and visible tests run on the CPU, whatever the learner's config says

import pytest  # noqa: E402

from grader.core import guard, integrity  # noqa: E402
from grader.core import results as results_mod  # noqa: E402
from grader.core import target as target_mod  # noqa: E402
from grader.core.topics import checks_dir, exercises_dir, solutions_dir  # noqa: E402

DEFAULT_TIMEOUT_S = 60


def pytest_addoption(parser):
    """The plugin's options: --target, --results-fd, --secret-fd, --budget-s."""
    group = parser.getgroup("llm-grader")
    group.addoption(
        "--target",
        default=os.environ.get("LLM_GRADER_TARGET", "exercises"),
        help="code under test: 'exercises' (default), 'solutions', or a submission folder",
    )
    group.addoption(
        "--results-fd",
        type=int,
        default=None,
        help="write per-check results (points, pass/fail, message) as signed JSON lines to this "
        "file descriptor (used by llm-grader)",
    )
    group.addoption(
        "--secret-fd",
        type=int,
        default=None,
        help="read the key that signs the results from this file descriptor, then close it",
    )
    group.addoption(
        "--budget-s",
        type=float,
        default=None,
        help="seconds for the whole run: each check's time limit is cut to what is left, and "
        "checks that find none left fail unrun (one budget per topic, not per check)",
    )


def one_torch_thread() -> None:
    """Checks run torch on one CPU thread: the course's models are tiny, so one thread is as fast
    as two on an idle laptop and far faster on a busy machine (two threads fighting other
    processes can make a training step 10x slower); results do not depend on the core count."""
    os.environ["OMP_NUM_THREADS"] = "1"   # read when torch starts its thread pool
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def pytest_configure(config):
    """Set the check run up: markers, time limits, budget, target, guard, results channel."""
    config.addinivalue_line("markers", "points(n): points a check is worth (default 1)")
    one_torch_thread()
    if getattr(config.option, "timeout", None) in (None, 0) and not config.getini("timeout"):
        config.option.timeout = DEFAULT_TIMEOUT_S
    budget = config.getoption("--budget-s")
    if budget:
        default = getattr(config.option, "timeout", None) or config.getini("timeout")
        config.pluginmanager.register(_Budget(budget, float(default or DEFAULT_TIMEOUT_S)),
                                      "llm-grader-budget")
    target = target_mod.set_target(config.getoption("--target"))
    guard.install(target.root, [solutions_dir(), checks_dir()], public=[exercises_dir()])
    fd = config.getoption("--results-fd")
    if fd is not None:
        secret = b""
        secret_fd = config.getoption("--secret-fd")
        if secret_fd is not None:
            with os.fdopen(secret_fd, "rb") as f:  # read before any learner code is imported
                secret = f.read()
        channel = ResultsChannel(os.fdopen(fd, "w", encoding="utf-8"), secret)
        config.pluginmanager.register(_ResultsRecorder(channel), "llm-grader-results")


class _Budget:
    """One time budget for the whole run, counted from the start of the process's pytest."""

    def __init__(self, seconds: float, default_timeout: float):
        self.seconds = seconds
        self.default = default_timeout
        self.deadline = time.monotonic() + seconds
        self.out_of_time: set[str] = set()

    def _limit(self, item) -> float:
        marker = item.get_closest_marker("timeout")
        if marker is not None and (marker.args or "timeout" in marker.kwargs):
            value = marker.args[0] if marker.args else marker.kwargs["timeout"]
            return float(value) if value else float("inf")
        return float(self.default)

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        """Before pytest-timeout reads the item's limit: cut it to the budget that is left."""
        left = self.deadline - time.monotonic()
        if left < 1.0:
            self.out_of_time.add(item.nodeid)
            item.add_marker(pytest.mark.timeout(1.0), append=False)
        elif left < self._limit(item):
            item.add_marker(pytest.mark.timeout(round(left, 1)), append=False)
        yield

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        """A check that finds no time left fails before any fixture runs."""
        if item.nodeid in self.out_of_time:
            pytest.fail(f"not run: this topic's time budget ({self.seconds:g} s for all its checks) "
                        "was used up by earlier checks (an endless loop or very slow code?)",
                        pytrace=False)


TIMEOUT_S = pytest.StashKey[float]()


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item, settings):
    """Note the limit pytest-timeout arms for each check (so a timeout is told by its timer,
    not by the text of whatever exception a library turned it into); it still arms it."""
    if settings.timeout:
        item.stash[TIMEOUT_S] = float(settings.timeout)


def pytest_report_header(config):
    """Name the target in pytest's header."""
    target = target_mod.current_target()
    return f"llm-grader target: {target.name} ({target.root})"


def points_of(item) -> float:
    """The points a check is worth (its ``points`` marker, else 1)."""
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 1.0


def is_hidden(path: Path) -> bool:
    """Whether a check file is one of the hidden checks."""
    try:
        Path(path).resolve().relative_to(checks_dir().resolve())
        return True
    except ValueError:
        return False


def sign(secret: bytes, seq: int, payload: str) -> str:
    """The HMAC that proves a results message came from the check process."""
    return hmac.new(secret, f"{seq}:{payload}".encode(), hashlib.sha256).hexdigest()


class ResultsChannel:
    """Signed JSON lines on an inherited pipe: the reader keeps the last valid message."""

    def __init__(self, stream, secret: bytes):
        self._stream, self._secret, self._seq = stream, secret, 0

    def send(self, data: dict) -> None:
        """Send the current results, signed and numbered."""
        self._seq += 1
        payload = json.dumps(data)
        line = json.dumps({"seq": self._seq, "payload": payload,
                           "mac": sign(self._secret, self._seq, payload)})
        self._stream.write(line + "\n")
        self._stream.flush()


def read_channel(text: str, secret: bytes) -> dict | None:
    """The newest correctly signed message in ``text`` (None if there is none)."""
    best, best_seq = None, 0
    for line in text.splitlines():
        try:
            msg = json.loads(line)
            seq, payload, mac = int(msg["seq"]), msg["payload"], msg["mac"]
        except (ValueError, KeyError, TypeError):
            continue
        if seq > best_seq and hmac.compare_digest(str(mac), sign(secret, seq, str(payload))):
            best, best_seq = json.loads(payload), seq
    return best


class _ResultsRecorder:
    """Keeps one record per check and sends them all after collection and after each check."""

    def __init__(self, channel: ResultsChannel):
        self.channel = channel
        self.records: dict[str, dict] = {}
        self.collect_errors: list[dict] = []
        self.started = time.perf_counter()
        self.baseline: dict = {}
        self.tampered: list[str] = []


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
            results_mod.update_record(record, report, call, item.stash.get(TIMEOUT_S, None))

    def pytest_collection_finish(self, session):
        for item in session.items:  # after -k/-m deselection
            self.records[item.nodeid] = results_mod.new_record(
                item, points_of(item), is_hidden(item.path)
            )
        self.baseline = integrity.snapshot()  # no learner code has been imported yet
        self._write()

    def pytest_runtest_logfinish(self, nodeid, location):
        if not self.tampered:
            self.tampered = integrity.tampered(self.baseline)
        if self.tampered:
            record = self.records.get(nodeid)
            if record is not None:
                record["passed"] = False
                record["message"] = (
                    "the code under test changed the test runner or the grader "
                    f"({', '.join(self.tampered[:3])}); no further checks are trusted"
                )
        self._write()  # after every check, so a crash later loses nothing already scored

    def pytest_sessionfinish(self, session):
        self._write()

    def _write(self):
        self.channel.send({
            "checks": list(self.records.values()),
            "collect_errors": self.collect_errors,
            "tampered": self.tampered,
            "wall_s": round(time.perf_counter() - self.started, 3),
        })
