"""Run untrusted code: its own session, resource limits, a wall-clock timeout, capped output,
and nothing left running afterwards.

``run_isolated`` starts a small supervisor (``python -m grader.run.sandbox``) that makes itself a
child subreaper, applies the limits, runs the command in a new session and waits. When the
command ends or its time is up, the supervisor kills the command's process group and then
every process that was re-parented to it (daemons that left the group with ``setsid``), so
no learner process outlives its run. Pytest runs go to the warm worker instead (worker.py,
zygote.py): the same supervisor and sandbox, forked from a process that has imported the
libraries.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

PR_SET_CHILD_SUBREAPER = 36
SUPERVISOR_GRACE_S = 30.0  # past its command's time limit, the supervisor itself is stuck


@dataclass(frozen=True)
class Limits:
    """What a check process may use: wall time, memory, file size, output."""

    timeout_s: float = 900.0  # wall clock for the whole command
    memory_mb: int | None = None  # address-space limit (RLIMIT_AS); None = unlimited
    output_bytes: int = 200_000  # kept from stdout+stderr; the rest is drained and dropped
    file_mb: int = 512  # largest file the command may write (RLIMIT_FSIZE)


@dataclass
class Outcome:
    """How a sandboxed process ended: exit code, output, timeout, sandbox error."""

    returncode: int | None  # negative = killed by that signal; None = timed out
    timed_out: bool
    output: str
    output_truncated: bool
    leftovers_killed: int
    sandbox_error: str | None = None  # the sandbox itself failed (never the learner's code)


def _drain(stream, limit: int, sink: dict) -> None:
    kept = bytearray()
    truncated = False
    while chunk := stream.read(65536):
        room = limit - len(kept)
        if room > 0:
            kept += chunk[:room]
        if len(chunk) > max(room, 0):
            truncated = True
    sink["data"], sink["truncated"] = bytes(kept), truncated


def _start(cmd, cwd, env, limits: Limits, **popen_kwargs):
    """Start ``cmd`` with no stdin and stdout + stderr drained (up to the output limit) by a
    thread; ``(process, drain thread, sink)``, the sink filled when the output ends."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        **popen_kwargs,
    )
    sink: dict = {}
    reader = threading.Thread(
        target=_drain, args=(proc.stdout, limits.output_bytes, sink), daemon=True
    )
    reader.start()
    return proc, reader, sink


def hardened_available() -> bool:
    """The Linux supervisor needs prctl (via libc), /proc and the ``resource`` module."""
    if os.environ.get("LLM_GRADER_SANDBOX", "").lower() == "portable":
        return False
    if not sys.platform.startswith("linux") or not os.path.isdir("/proc/self"):
        return False
    try:
        import resource  # noqa: F401

        ctypes.CDLL(None).prctl  # noqa: B018
    except (ImportError, OSError, AttributeError):
        return False
    return True


def run_isolated(cmd: list[str], *, cwd, env: dict, limits: Limits, pass_fds=()) -> Outcome:
    """Run ``cmd`` sandboxed: the hardened Linux supervisor where it can run, else the
    portable runner. Never raises for anything the command does."""
    if not hardened_available():
        return run_portable(cmd, cwd=cwd, env=env, limits=limits, pass_fds=pass_fds)
    from grader.run import worker  # pytest runs fork from the warm worker (it imports this)

    outcome = worker.try_run(cmd, cwd=cwd, env=env, limits=limits, pass_fds=pass_fds)
    if outcome is not None:
        return outcome
    return spawn_isolated(cmd, cwd=cwd, env=env, limits=limits, pass_fds=pass_fds)


def spawn_isolated(cmd: list[str], *, cwd, env: dict, limits: Limits, pass_fds=()) -> Outcome:
    """``cmd`` under a fresh supervisor process (``python -m grader.run.sandbox``)."""
    status_r, status_w = os.pipe()
    supervisor = [
        sys.executable,
        "-m",
        "grader.run.sandbox",
        json.dumps(
            {
                "timeout_s": limits.timeout_s,
                "memory_mb": limits.memory_mb,
                "file_mb": limits.file_mb,
                "status_fd": status_w,
                "pass_fds": list(pass_fds),
            }
        ),
        "--",
        *cmd,
    ]
    proc, reader, sink = _start(
        supervisor,
        cwd,
        env,
        limits,
        pass_fds=(status_w, *pass_fds),
        start_new_session=True,
    )
    os.close(status_w)
    stuck = False
    try:
        proc.wait(timeout=limits.timeout_s + SUPERVISOR_GRACE_S)  # it enforces the real limit
    except subprocess.TimeoutExpired:  # the supervisor itself hung: the run did time out
        stuck = True
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with os.fdopen(status_r, "rb") as f:
        raw = f.read()
    reader.join(5)
    output = sink.get("data", b"").decode("utf-8", "replace")
    try:
        status = json.loads(raw)
    except ValueError:  # the supervisor itself died: say so, with its own last words
        if stuck:
            return Outcome(
                returncode=None,
                timed_out=True,
                output=output,
                output_truncated=sink.get("truncated", False),
                leftovers_killed=0,
            )
        tail = output.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        return Outcome(
            returncode=proc.returncode,
            timed_out=False,
            output=output,
            output_truncated=sink.get("truncated", False),
            leftovers_killed=0,
            sandbox_error=f"the sandbox could not start: {tail[0]}",
        )
    return Outcome(
        returncode=status["returncode"],
        timed_out=status["timed_out"],
        output=output,
        output_truncated=sink.get("truncated", False),
        leftovers_killed=status["killed"],
    )


# --- the portable runner (macOS, Windows, or LLM_GRADER_SANDBOX=portable) ------------------


def run_portable(cmd: list[str], *, cwd, env: dict, limits: Limits, pass_fds=()) -> Outcome:
    """Own process group (job on Windows), wall-clock timeout, output cap, a process-tree
    kill and a memory watch (the tree's resident memory, polled).

    Does not isolate: a daemon that detaches from the tree between two polls (a double fork
    whose middle process exits at once, then setsid), file sizes and writes anywhere the user
    may write, memory between two polls, and the network (only the audit-hook guard applies);
    see docs/instructor.md."""
    try:
        import psutil
    except ImportError as exc:
        return Outcome(
            None,
            False,
            "",
            False,
            0,
            sandbox_error=f"the sandbox could not start: {exc} (pip install psutil)",
        )
    kwargs: dict = {}
    if os.name == "nt":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True
        kwargs["pass_fds"] = tuple(pass_fds)
    try:
        proc, reader, sink = _start(cmd, cwd, env, limits, **kwargs)
    except OSError as exc:
        return Outcome(
            None, False, "", False, 0, sandbox_error=f"the sandbox could not start: {exc}"
        )
    deadline = time.monotonic() + limits.timeout_s
    timed_out = oom = False
    seen: dict[int, psutil.Process] = {}  # every descendant ever seen; psutil refuses a reused pid
    try:
        root = psutil.Process(proc.pid)
    except psutil.Error:
        root = None
    while proc.poll() is None:
        if time.monotonic() > deadline:
            timed_out = True
            break
        rss = 0
        try:
            tree = [root, *root.children(recursive=True)] if root else []
        except psutil.Error:
            tree = []
        for p in tree:
            seen.setdefault(p.pid, p)
            try:
                rss += p.memory_info().rss
            except psutil.Error:
                pass
        if limits.memory_mb and rss > limits.memory_mb * 1024 * 1024:
            oom = True
            break
        time.sleep(0.2)  # a scan of the process table costs a few ms
    if root is not None:
        seen.setdefault(root.pid, root)
        try:  # the tree as it is now, plus everyone who has left it (setsid daemons)
            for p in root.children(recursive=True):
                seen.setdefault(p.pid, p)
        except psutil.Error:
            pass
    victims = []
    for p in seen.values():
        try:
            p.kill()
            if p.pid != proc.pid:
                victims.append(p)
        except psutil.Error:
            pass
    psutil.wait_procs(victims, timeout=5)
    if os.name != "nt":
        try:  # whoever is still in the group: grandchildren whose parent exited before a poll
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    proc.wait()
    reader.join(5)
    returncode = (
        None if timed_out else (-signal.SIGKILL if oom and os.name != "nt" else proc.returncode)
    )
    return Outcome(
        returncode=returncode,
        timed_out=timed_out,
        output=sink.get("data", b"").decode("utf-8", "replace"),
        output_truncated=sink.get("truncated", False),
        leftovers_killed=len(victims),
    )


# --- the supervisor (runs in its own process) ---------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2 :].split()
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def _reap_all(me: int) -> int:
    """Kill and reap every process re-parented to this subreaper; returns how many."""
    killed = 0
    for _ in range(200):
        kids = _children(me)
        if not kids:
            break
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    time.sleep(0.01)
            except ChildProcessError:
                break
    return killed


def _limit(memory_mb, file_mb):
    import resource

    def apply():
        if memory_mb:
            size = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        size = file_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def _private_network() -> bool:
    """In the child, before exec: enter a new user and network namespace that has only
    loopback (brought up), keeping the same uid and gid. Returns False, having changed
    nothing, where the system does not allow unprivileged namespaces (containers, some
    distributions); raises if it got half way (the caller then runs without)."""
    import fcntl
    import socket
    import struct

    uid, gid = os.getuid(), os.getgid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    for name, text in (
        ("setgroups", "deny"),
        ("uid_map", f"{uid} {uid} 1"),
        ("gid_map", f"{gid} {gid} 1"),
    ):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, SIOCGIFFLAGS, ifreq))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))
    return True


def _supervise(config: dict, cmd: list[str]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    limit = _limit(config["memory_mb"], config["file_mb"])
    isolate_network = os.environ.get("LLM_GRADER_NETNS", "1") != "0"

    def prepare():
        if isolate_network:
            _private_network()
        limit()

    try:
        child = subprocess.Popen(
            cmd,
            preexec_fn=prepare,
            start_new_session=True,  # noqa: PLW1509 (no threads here)
            pass_fds=tuple(config["pass_fds"]),
        )
    except subprocess.SubprocessError:  # the namespace failed half way: run without it
        child = subprocess.Popen(
            cmd,
            preexec_fn=limit,
            start_new_session=True,  # noqa: PLW1509
            pass_fds=tuple(config["pass_fds"]),
        )
    for fd in config["pass_fds"]:
        os.close(fd)  # only the child may hold the results channel open
    timed_out = False
    try:
        returncode = child.wait(timeout=config["timeout_s"])
    except subprocess.TimeoutExpired:
        timed_out, returncode = True, None
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if child.returncode is None:
        child.wait()
    killed = _reap_all(os.getpid())
    with os.fdopen(config["status_fd"], "w") as f:
        json.dump({"returncode": returncode, "timed_out": timed_out, "killed": killed}, f)


if __name__ == "__main__":
    split = sys.argv.index("--")
    _supervise(json.loads(sys.argv[1]), sys.argv[split + 1 :])
