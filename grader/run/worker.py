"""The warm worker for checks: pytest runs forked from a zygote that has imported the stack.

``sandbox.run_isolated`` hands every ``python -P -m pytest`` command of this interpreter to
``try_run``. The second such run with one environment starts a zygote (grader/run/zygote.py)
in the background and, like the first, spawns as before; once the zygote is ready, every run with the
same environment (files, topics, learners, jobs of one ``llm-grader`` invocation, or the
check cells of one notebook kernel) is forked from it, supervised and sandboxed, instead of
paying 3-5 s of imports. It is killed at exit. A zygote found dead is replaced, and that run
is done again in a fresh process (the reason leads its log). ``LLM_GRADER_WORKER=0`` turns
the worker off; so do the portable sandbox and systems other than Linux.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading

from grader.run import sandbox

log = logging.getLogger(__name__)
START_TIMEOUT_S = 180.0  # a zygote not ready by then (a swapping machine) is given up
MAX_ZYGOTES = 2  # one per environment; the oldest is stopped beyond that
_lock = threading.Lock()
_zygotes: dict[tuple, _Zygote] = {}
_failed: dict[tuple, str] = {}  # environments whose zygote could not start: why
_starting: dict[tuple, threading.Thread] = {}
_runs: dict[tuple, int] = {}  # check runs asked for, per environment
_procs: set[subprocess.Popen] = set()  # every zygote started, for shutdown


def enabled() -> bool:
    """Whether pytest runs go to the warm worker (Linux hardened sandbox, not turned off)."""
    return (
        os.environ.get("LLM_GRADER_WORKER", "1") != "0"
        and sandbox.hardened_available()
        and hasattr(socket, "send_fds")
        and hasattr(os, "fork")
    )


def is_pytest(cmd) -> bool:
    """A ``python -P -m pytest`` command of this interpreter (what the runner starts)."""
    return list(cmd[:4]) == [sys.executable, "-P", "-m", "pytest"]


class ZygoteGone(Exception):
    """The zygote died or refused the request."""


class _Zygote:
    def __init__(self, env: dict):
        self.home = tempfile.mkdtemp(prefix="llm-grader-zygote-")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log_path = os.path.join(self.home, "zygote.log")
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "grader.run.zygote", str(theirs.fileno())],
                cwd=self.home,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        _procs.add(self.proc)
        theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        self.info = self._ready()

    def _ready(self) -> dict:
        ready, _, _ = select.select([self.sock], [], [], START_TIMEOUT_S)
        data = self.sock.recv(1 << 16) if ready else b""
        info = json.loads(data) if data else {}
        if "ready" not in info or info.get("threads") != 1:
            self.stop()
            why = f"it has {info['threads']} threads" if info else self.why_gone()
            raise ZygoteGone(f"the warm worker did not start: {why}")
        return info

    def why_gone(self) -> str:
        code = self.proc.poll()
        if code is None:
            return "it did not answer"
        tail = ""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                tail = "; ".join(f.read().strip().splitlines()[-1:])
        except OSError:
            pass
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        return how + (f" ({tail})" if tail else "")

    def fork(self, request: dict, fds: list[int]) -> int:
        """Ask for one run; returns the supervisor's pid."""
        with self.lock:
            try:
                socket.send_fds(self.sock, [json.dumps(request).encode()], fds)
                ready, _, _ = select.select([self.sock], [], [], 60)
                data = self.sock.recv(1 << 16) if ready else b""
            except OSError as exc:
                raise ZygoteGone(f"the warm worker had died ({self.why_gone()}; {exc})") from exc
        if not data:
            if self.proc.poll() is None:
                self.proc.kill()  # stopped, or stuck: it is replaced
                self.proc.wait()
            raise ZygoteGone(f"the warm worker had died ({self.why_gone()})")
        reply = json.loads(data)
        if "error" in reply:
            raise ZygoteGone(f"the warm worker refused the run: {reply['error']}")
        return reply["pid"]

    def status(self) -> dict:
        """The zygote's own report (threads, fds, pending imports, foreign modules)."""
        with self.lock:
            self.sock.send(json.dumps({"op": "status"}).encode())
            return json.loads(self.sock.recv(1 << 20))

    def stop(self) -> None:
        """Kill it (it holds nothing to save; runs it forked finish on their own)."""
        self.sock.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        _procs.discard(self.proc)
        try:
            os.unlink(self.log_path)
            os.rmdir(self.home)
        except OSError:
            pass


# set per run, read by the child only: a zygote imports torch on one thread whatever they say
PER_RUN = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _key(env: dict) -> tuple:
    return sys.executable, tuple(sorted((k, v) for k, v in env.items() if k not in PER_RUN))


def _zygote(env: dict, wait: bool = True) -> _Zygote | None:
    """The zygote for ``env``; None if it cannot start or (``wait=False``) is still starting,
    which it then does in the background. Raises ZygoteGone when it has died since the last
    run (the next call starts a new one)."""
    key = _key(env)
    with _lock:
        if key in _failed:
            return None
        z = _zygotes.get(key)
        if z is not None and z.proc.poll() is None:
            return z
        if z is not None:
            del _zygotes[key]
            why = z.why_gone()
            z.stop()
            raise ZygoteGone(f"the warm worker had died ({why})")
        starting = _starting.get(key)
        if starting is None:
            starting = _starting[key] = threading.Thread(
                target=_start, args=(key, env), daemon=True
            )
            starting.start()
    if not wait:
        return None
    starting.join()
    return _zygote(env)


def _start(key: tuple, env: dict) -> None:
    try:
        z = _Zygote(env)
    except (ZygoteGone, OSError) as exc:
        with _lock:
            _failed[key] = str(exc)
            del _starting[key]
        log.warning("%s; checks run in fresh processes", exc)
        return
    with _lock:
        _zygotes[key] = z
        del _starting[key]
        while len(_zygotes) > MAX_ZYGOTES:
            _zygotes.pop(next(iter(_zygotes))).stop()


def start(env: dict | None = None) -> bool:
    """Start the zygote for check runs in ``env`` now (a notebook kernel may, once, at its
    start); False when runs will spawn instead."""
    from grader.run import runner

    try:
        return enabled() and _zygote(runner.child_env(env)) is not None
    except ZygoteGone:
        return start(env)


def run_files(files, target, limits=None, extra=(), env=None) -> dict:
    """One check run of ``files`` against ``target``, as ``runner._run_files`` returns it
    (through the zygote when it can: runner's runs all go to it)."""
    from grader.run import runner

    return runner._run_files(files, target, limits, extra, env)


def shutdown() -> None:
    """Stop every zygote (at exit; a notebook kernel may call it to free the memory)."""
    with _lock:
        while _zygotes:
            _zygotes.popitem()[1].stop()
        for proc in list(_procs):  # still starting
            proc.kill()


atexit.register(shutdown)


def run_isolated(
    cmd, *, cwd, env: dict, limits: sandbox.Limits, pass_fds=(), zygote: _Zygote | None = None
) -> sandbox.Outcome:
    """``sandbox.run_isolated`` through the zygote (any command; a pytest one runs in the
    forked process itself). Raises ZygoteGone when the zygote is not there to fork it."""
    zygote = zygote or _zygote(env, wait=False)
    if zygote is None:
        raise ZygoteGone(_failed.get(_key(env), "the warm worker is not running"))
    out_r, out_w = os.pipe()
    status_r, status_w = os.pipe()
    request = {
        "cmd": list(map(str, cmd)),
        "cwd": os.path.abspath(cwd),
        "env": dict(env),
        "timeout_s": limits.timeout_s,
        "memory_mb": limits.memory_mb,
        "file_mb": limits.file_mb,
        "pass_fds": list(pass_fds),
        "pytest": is_pytest(cmd),
    }
    try:
        pid = zygote.fork(request, [out_w, status_w, *pass_fds])
    except ZygoteGone:
        for fd in (out_r, status_r):
            os.close(fd)
        raise
    finally:
        os.close(out_w)
        os.close(status_w)
    sink: dict = {}
    reader = threading.Thread(
        target=sandbox._drain, args=(os.fdopen(out_r, "rb"), limits.output_bytes, sink), daemon=True
    )
    reader.start()
    with os.fdopen(status_r, "rb") as f:
        ready, _, _ = select.select([f], [], [], limits.timeout_s + sandbox.SUPERVISOR_GRACE_S)
        if not ready:  # the supervisor itself is stuck: the run did time out
            try:
                os.kill(pid, signal.SIGKILL)  # the zygote then kills what it left
            except ProcessLookupError:
                pass
        raw = f.read()
    reader.join(5)
    output = sink.get("data", b"").decode("utf-8", "replace")
    truncated = sink.get("truncated", False)
    try:
        status = json.loads(raw)
    except ValueError:
        if not ready:
            return sandbox.Outcome(None, True, output, truncated, 0)
        return sandbox.Outcome(
            None,
            False,
            output,
            truncated,
            0,
            sandbox_error="the sandbox's supervisor died before it reported",
        )
    return sandbox.Outcome(
        returncode=status["returncode"],
        timed_out=status["timed_out"],
        output=output,
        output_truncated=truncated,
        leftovers_killed=status["killed"],
    )


def try_run(cmd, *, cwd, env: dict, limits: sandbox.Limits, pass_fds=()):
    """A pytest run through the warm worker, or None (the caller spawns it as before). A run
    the zygote died on is done once more in a fresh process, with the reason leading its log."""
    if not (is_pytest(cmd) and enabled()):
        return None
    key = _key(env)
    with _lock:
        _runs[key] = _runs.get(key, 0) + 1
        if _runs[key] < 2 and key not in _zygotes:
            return None  # a one-run process (one `check N`, one nbgrader kernel) never needs one
    try:
        if _zygote(env, wait=False) is None:  # starting (this run spawns) or cannot start
            return None
        return run_isolated(cmd, cwd=cwd, env=env, limits=limits, pass_fds=pass_fds)
    except ZygoteGone as exc:
        if _key(env) in _failed:
            return None
        why = f"{exc}; this run was done again in a fresh process"
        log.warning("%s", why)
        with _lock:  # the next run starts a new zygote
            dead = _zygotes.pop(_key(env), None)
        if dead is not None and dead.proc.poll() is not None:
            dead.stop()
        elif dead is not None:
            _zygotes[_key(env)] = dead  # it refused this run only
    outcome = sandbox.spawn_isolated(cmd, cwd=cwd, env=env, limits=limits, pass_fds=pass_fds)
    outcome.output = f"[llm-grader: {why}]\n" + outcome.output
    return outcome
