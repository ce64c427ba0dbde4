"""Run one untrusted Python program in a confined child: the course's runner for topic 6's
code-generation tasks.

The code under test may not start processes (``grader.core.guard``). The guard makes one
exception: exactly this module's child command, ``[sys.executable, "-I", "-c", CHILD]`` with
an environment of the keys in ``CHILD_ENV_KEYS``, because that child confines itself before it
runs anything. ``CHILD`` reads a JSON spec from stdin, checks that its working folder is an
empty folder under the temporary directory, applies ``resource`` limits where the platform has
them (address space, CPU seconds, file size, no core dumps; Linux, macOS), and installs an
audit hook that refuses, for all the program's code: opening a file outside the working folder
(reading is also allowed under the Python installation, so imports work), removing, renaming
or creating files outside it, starting processes, any socket, and ``ctypes``. Then it runs the
program as ``__main__``.

``run_python`` is the parent side: a fresh temporary folder per run, the output in files
(capped by the file-size limit), a wall-clock timeout after which the whole process group is
killed, and no proxy variables in the environment. It returns what happened, raw: exit code,
signal, timeout, output. Deciding what that means (passed, failed, ...) is the caller's job.

The network is shut in two places: the hook refuses sockets in the child, and when graded the
whole check run sits in the course's sandbox (``grader.run.sandbox``: its own network namespace
with only loopback, where the system allows it). Like every audit hook, the child's cannot see
native code; the sandbox's process limits and tree kill are the first line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

CHILD_ENV_KEYS = frozenset({"PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"})
OUTPUT_CHARS = 20_000  # kept of each of stdout and stderr

CHILD = r"""
import json, os, sys, tempfile
spec = json.loads(sys.stdin.read())
work = os.path.realpath(spec["work"])
tmp = os.path.join(os.path.realpath(tempfile.gettempdir()), "")
if not work.startswith(tmp) or not os.path.isdir(work) or os.listdir(work):
    sys.exit("runner: the working folder must be an empty folder under " + tmp)
os.chdir(work)
try:
    import resource
except ImportError:
    resource = None
if resource is not None:
    def limit(name, value):
        if hasattr(resource, name) and value:
            try:
                resource.setrlimit(getattr(resource, name), (value, value))
            except (ValueError, OSError):
                pass
    limit("RLIMIT_AS", spec["memory_mb"] * 1024 * 1024)
    limit("RLIMIT_CPU", spec["cpu_s"])
    limit("RLIMIT_FSIZE", spec["file_mb"] * 1024 * 1024)
    limit("RLIMIT_CORE", 0)
inside = os.path.join(work, "")
readable = tuple({os.path.join(os.path.realpath(p), "") for p in
                  (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)})
WRITE = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
PATH_EVENTS = {"os.remove", "os.rmdir", "os.mkdir", "os.rename", "os.link", "os.symlink",
               "os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.rmtree"}
SPAWN = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
         "os.forkpty", "pty.spawn", "os.kill", "os.killpg"}
realpath, fsdecode, startswith = os.path.realpath, os.fsdecode, str.startswith

def refuse(what):
    raise PermissionError("sandbox: the program may not " + what)

def own(path):
    return startswith(os.path.join(realpath(fsdecode(path)), ""), inside)

def hook(event, args):
    if event == "open":
        path, flags = args[0], args[2]
        if isinstance(path, int) or own(path):
            return
        if flags & WRITE:
            refuse("write outside its temporary folder: " + fsdecode(path))
        if not startswith(realpath(fsdecode(path)), readable):
            refuse("read outside its temporary folder: " + fsdecode(path))
    elif event in PATH_EVENTS:
        for path in args[:2]:
            if isinstance(path, (str, bytes, os.PathLike)) and not own(path):
                refuse("change files outside its temporary folder: " + fsdecode(path))
    elif event in SPAWN:
        refuse("start or signal processes")
    elif event.startswith("socket."):
        refuse("use the network")
    elif event.startswith("ctypes.") or event == "import" and args[0] in ("ctypes", "_ctypes"):
        refuse("use ctypes")

sys.addaudithook(hook)
del spec["work"]
code = compile(spec.pop("source"), "<candidate>", "exec")
exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
"""


def child_command() -> list[str]:
    """The one command the guard lets the code under test start."""
    return [sys.executable, "-I", "-c", CHILD]


def child_env() -> dict:
    """The child's environment: no proxies, no PYTHON*/LD_* variables, only CHILD_ENV_KEYS."""
    env = {key: os.environ[key] for key in CHILD_ENV_KEYS if key in os.environ}
    env["TMPDIR"] = tempfile.gettempdir()
    return env


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read(OUTPUT_CHARS)


def run_python(
    source: str, *, timeout_s: float = 2.0, memory_mb: int = 256, file_mb: int = 8
) -> dict:
    """Run ``source`` as a program in the confined child; never raises for what it does.

    Returns ``{"returncode": int | None (None: killed at the timeout), "signal": the name of
    the signal that ended it or None, "timed_out": bool, "stdout": str, "stderr": str
    (each at most OUTPUT_CHARS), "seconds": wall time}``.
    """
    with tempfile.TemporaryDirectory(prefix="llm-run-") as base:
        work = os.path.join(base, "work")
        os.mkdir(work)
        out_path, err_path = os.path.join(base, "stdout"), os.path.join(base, "stderr")
        spec = {
            "work": work,
            "source": source,
            "memory_mb": int(memory_mb),
            "cpu_s": int(timeout_s) + 1,
            "file_mb": int(file_mb),
        }
        start = time.monotonic()
        timed_out = False
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                child_command(),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
                cwd=work,
                env=child_env(),
                start_new_session=True,
            )
            try:
                proc.communicate(json.dumps(spec).encode(), timeout=timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(proc)
        seconds = time.monotonic() - start
        code = None if timed_out else proc.returncode
        sig = None
        if code is not None and code < 0:
            try:
                sig = signal.Signals(-code).name
            except ValueError:
                sig = f"signal {-code}"
        return {
            "returncode": code,
            "signal": sig,
            "timed_out": timed_out,
            "stdout": _read(out_path),
            "stderr": _read(err_path),
            "seconds": seconds,
        }


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the child's whole session (anything it left behind) and reap the child."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError, OSError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
