"""What runs in the processes the zygote forks: the supervisor and the check process.

The supervisor (one per run) does what ``python -m grader.run.sandbox`` does: it becomes a
child subreaper, forks the check process, waits at most the run's time, kills the check's
process group and whatever was re-parented to it, and writes the status. The check process
enters its own session and, where the system allows, a private network namespace, takes the
rlimits, its pipes and cwd, the run's environment, and then either runs pytest in itself
(``python -P -m pytest`` emulated: clean sys.path and argv, interpreter shutdown included)
or execs the command.
"""

from __future__ import annotations

import ctypes
import fcntl
import importlib
import json
import os
import select
import signal
import sys
import time
import warnings

from grader.run import sandbox

PR_SET_DUMPABLE = 4
NETNS_FAILED = 199  # the check's exit status when the namespace failed half way
_libc = ctypes.CDLL(None, use_errno=True)
_initial_path = list(sys.path)  # as the interpreter set it up, before any library import
_initial_filters = list(warnings.filters)  # a fresh pytest drops those imports add


# --- the forked child: the check process ------------------------------------------------


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _place_fds(out_w: int, passed: list[int], targets: list[int], close: list[int]) -> None:
    """stdin /dev/null, stdout and stderr the output pipe, each passed fd at its number."""
    low = max([2, *targets]) + 1
    moved = [fcntl.fcntl(fd, fcntl.F_DUPFD, low) for fd in (out_w, *passed)]
    for fd in {out_w, *passed, *close}:
        os.close(fd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(moved[0], 1)
    os.dup2(moved[0], 2)
    for src, dst in zip(moved[1:], targets):
        os.dup2(src, dst)
    for fd in moved:
        if fd not in targets:
            os.close(fd)


def _run_child(req: dict, out_w: int, passed: list[int], close: list[int], isolate: bool) -> None:
    os.setsid()
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # /proc/self/uid_map is ours again
    if isolate:
        try:
            sandbox._private_network()
        except Exception:  # noqa: BLE001 (half way: the supervisor forks again without it)
            os._exit(NETNS_FAILED)
    sandbox._limit(req["memory_mb"], req["file_mb"])()
    _place_fds(out_w, passed, req["pass_fds"], close)
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    cmd = req["cmd"]
    if not req["pytest"]:
        for sig in (signal.SIGPIPE, signal.SIGXFSZ):  # as subprocess does before exec
            signal.signal(sig, signal.SIG_DFL)
        try:
            os.execvpe(cmd[0], cmd, req["env"])
        except OSError as exc:
            os.write(2, f"cannot run {cmd[0]}: {exc}\n".encode())
            os._exit(127)
    os._exit(_pytest_main(cmd[4:] + req["warning_filters"]))


def _pytest_main(args: list[str]) -> int:
    """``python -P -m pytest ARGS`` in this process, interpreter shutdown included (non-daemon
    threads joined, atexit run), without the zygote's traces in sys.path or argv."""
    import runpy
    import threading

    sys.path[:] = _initial_path
    sys.argv = ["-m", *args]
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    warnings.filters[:] = _initial_filters
    getattr(warnings, "_filters_mutated", lambda: None)()
    importlib.invalidate_caches()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()  # a fresh process draws a fresh global seed
    try:
        runpy.run_module("pytest", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:  # noqa: BLE001 (an uncaught error ends python with status 1)
        import traceback

        traceback.print_exc()
        code = 1
    try:
        threading._shutdown()  # what the interpreter does at exit: wait for non-daemon threads
        import atexit

        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001, S110
        pass
    return code


# --- the forked supervisor --------------------------------------------------------------


def _wait(pid: int, timeout: float) -> int | None:
    """The child's exit status as subprocess reports it, or None when its time is up."""
    deadline = time.monotonic() + timeout
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if pidfd is not None:
                select.select([pidfd], [], [], left)
            else:
                time.sleep(min(left, 0.01))
    finally:
        if pidfd is not None:
            os.close(pidfd)


def supervise(req: dict, fds: list[int], ctl: int) -> None:
    """One run: ``fds`` are its output pipe, status pipe and passed fds (in that order)."""
    out_w, status_w, *passed = fds
    os.close(ctl)  # only the zygote talks to the client
    _libc.prctl(sandbox.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    isolate = req["env"].get("LLM_GRADER_NETNS", "1") != "0"
    while True:
        child = os.fork()
        if child == 0:
            try:
                _run_child(req, out_w, passed, [status_w], isolate)
            finally:
                os._exit(127)
        returncode = _wait(child, req["timeout_s"])
        if returncode == NETNS_FAILED and isolate:
            isolate = False
            continue
        break
    for fd in (out_w, *passed):
        os.close(fd)
    timed_out = returncode is None
    try:
        os.killpg(child, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if timed_out:
        os.waitpid(child, 0)
    killed = sandbox._reap_all(os.getpid())
    with os.fdopen(status_w, "w") as f:
        json.dump({"returncode": returncode, "timed_out": timed_out, "killed": killed}, f)
