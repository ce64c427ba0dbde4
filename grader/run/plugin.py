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
from types import FunctionType, ModuleType

from grader.core import offline

offline.apply()  # before any test module can import huggingface_hub
offline.cpu_only()  # checks and visible tests run on the CPU, whatever the learner's config says

import pytest  # noqa: E402

from grader.core import guard, integrity  # noqa: E402
from grader.core import results as results_mod  # noqa: E402
from grader.core import target as target_mod  # noqa: E402
from grader.core.topics import checks_dir, exercises_dir, solutions_dir  # noqa: E402

DEFAULT_TIMEOUT_S = 60
_audit = sys.audit  # bound before any learner code is imported (rebinding it is tampering)
_REFUSALS_EVENT = guard.REFUSALS_EVENT


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
    os.environ["OMP_NUM_THREADS"] = "1"  # read when torch starts its thread pool
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
        config.pluginmanager.register(
            _Budget(budget, float(default or DEFAULT_TIMEOUT_S)), "llm-grader-budget"
        )
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
            pytest.fail(
                f"not run: this topic's time budget ({self.seconds:g} s for all its checks) "
                "was used up by earlier checks (an endless loop or very slow code?)",
                pytrace=False,
            )


TIMEOUT_S = pytest.StashKey[float]()
REFUSED_BEFORE = pytest.StashKey[int]()


def answers_refused() -> tuple[int, tuple[str, ...]]:
    """How many times the guard has refused the answers to the code under test in this
    process (reading the reference or the hidden checks, from files or from memory), and the
    learner-facing message of each refusal."""
    box: list = []
    _audit(_REFUSALS_EVENT, box)
    if not box and guard._installed:  # the guard no longer answers: someone rebound its names
        return 1 << 60, ("the code under test changed the grader's guard",)
    return (box[0], box[1]) if box else (0, ())


def forget_protected_sources() -> None:
    """Drop the reference's and the hidden checks' lines from ``linecache``: pytest reads them
    there when it collects and when it reports a failure, and learner code could read the cache."""
    import linecache

    protected = tuple(
        os.path.join(os.path.realpath(p), "") for p in (solutions_dir(), checks_dir())
    )
    protected += tuple(os.path.join(str(p), "") for p in (solutions_dir(), checks_dir()))
    for key in [k for k in list(linecache.cache) if isinstance(k, str) and k.startswith(protected)]:
        linecache.cache.pop(key, None)


class HiddenModule(ModuleType):
    """What stands in ``sys.modules`` for a hidden check module once it is collected: its
    globals (the checks' helpers, constants, the reference) are not there, and learner code
    that looks (``vars()``, ``__dict__``, an attribute) is refused by the guard."""

    def __getattr__(self, attr):
        if not attr.startswith("__"):
            found = _helpers_send(((self.__name__, None), None))  # the vault asks the guard
            if isinstance(found, PermissionError):
                raise found
        raise AttributeError(attr)

    @property
    def __dict__(self):
        found = _helpers_send(((self.__name__, None), None))
        if isinstance(found, PermissionError):
            raise found
        return {}


def _helpers_vault(audit=sys.audit, event=guard.CHECKS_EVENT):
    """The hidden checks' own helper functions, kept in this suspended generator's frame only:
    every request (a lookup, or storing a helper) first raises ``guard.CHECKS_EVENT``, which
    the guard refuses while learner code runs."""
    helpers: dict = {}
    answer = None
    while True:
        key, function = yield answer
        try:
            audit(event, key, 2)  # the caller: above this frame and the stand-in
            if function is not None:
                helpers.setdefault(key, function)
            answer = helpers[key]
        except Exception as exc:  # noqa: BLE001 - handed to the caller, the vault lives on
            answer = exc


_helpers_send = _helpers_vault()
_helpers_send.send(None)
_helpers_send = _helpers_send.send


def _guarded_helper(key, function):
    """A stand-in for a check module's helper: it asks the vault for the helper at each call
    (learner code that found it through pytest's objects is refused)."""
    _helpers_send((key, function))

    def helper(*args, **kwargs):
        found = _helpers_send((key, None))
        if isinstance(found, BaseException):
            raise found
        return found(*args, **kwargs)

    helper.__name__, helper.__qualname__ = function.__name__, function.__qualname__
    helper.__doc__, helper.__module__ = function.__doc__, function.__module__
    return helper


def guard_check_helpers(module) -> None:
    """Replace the private functions a hidden check module defines (``_name``: helpers that
    compute expected values) by guarded stand-ins. A check's globals are reachable from
    pytest's objects, and those from learner code, so the helpers themselves must refuse
    learner code; called from the checks (their closures too, when handed to learner code as
    callbacks) they work as before. Public functions stay as they are: checks hand some to
    the code under test as callbacks (a stand-in model's reply function, a score function)."""
    namespace = vars(module)
    for name, value in list(namespace.items()):
        if (
            isinstance(value, FunctionType)
            and value.__module__ == module.__name__
            and name.startswith("_")
            and not name.startswith("__")
        ):
            namespace[name] = _guarded_helper((module.__name__, name), value)


def hide_check_modules() -> None:
    """Replace the hidden check modules (and the packages pytest made up for them) in
    ``sys.modules`` by ``HiddenModule``s once collected: pytest keeps its own references."""
    protected = os.path.join(os.path.realpath(checks_dir()), "")
    names = [
        name
        for name, module in list(sys.modules.items())
        if os.path.realpath(getattr(module, "__file__", None) or "/").startswith(protected)
    ]
    parents = {name.rsplit(".", k)[0] for name in names for k in range(1, name.count(".") + 1)}
    for name in names:
        guard_check_helpers(sys.modules[name])
    for name in names + [
        p for p in parents if getattr(sys.modules.get(p), "__file__", None) is None
    ]:
        if name in sys.modules:
            sys.modules[name] = HiddenModule(name)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """After collection (no learner code has run yet): hide the check modules, forget their lines."""
    hide_check_modules()
    forget_protected_sources()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """Before each check: forget protected lines again, note the guard's refusals so far."""
    forget_protected_sources()
    item.stash[REFUSED_BEFORE] = answers_refused()[0]


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_makereport(item, call):
    """A check whose code under test was refused the answers fails with the guard's message,
    even if that code caught the PermissionError and went on."""
    outcome = yield
    before = item.stash.get(REFUSED_BEFORE, None)
    if before is None:
        return
    count, messages = answers_refused()
    if count > before:
        item.stash[REFUSED_BEFORE] = count  # one failure per refusal: not again at teardown
        report = outcome.get_result()
        report.outcome = "failed"
        report.longrepr = messages[before]
        report.llm_grader_refused = messages[before]


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
        line = json.dumps(
            {"seq": self._seq, "payload": payload, "mac": sign(self._secret, self._seq, payload)}
        )
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
        refused = getattr(report, "llm_grader_refused", None)
        if refused:
            record["passed"], record["message"] = False, refused

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
        self.channel.send(
            {
                "checks": list(self.records.values()),
                "collect_errors": self.collect_errors,
                "tampered": self.tampered,
                "wall_s": round(time.perf_counter() - self.started, 3),
            }
        )
