"""The portable runner (macOS/Windows, or LLM_GRADER_SANDBOX=portable) scores like the Linux
supervisor, and a sandbox that cannot start says why instead of "ran out of time"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from grader.core import topics
from grader.run import runner, sandbox

TOPIC = "t7_trends"


@pytest.fixture(params=["hardened", "portable"])
def which(request, monkeypatch):
    if request.param == "portable":
        monkeypatch.setenv("LLM_GRADER_SANDBOX", "portable")
    else:
        monkeypatch.delenv("LLM_GRADER_SANDBOX", raising=False)
        if not sandbox.hardened_available():
            pytest.skip("no hardened supervisor on this platform")
    return request.param


@pytest.mark.timeout(300)
def test_reference_scores_in_full(which):
    outcome = runner.run_topic(TOPIC, target="solutions")
    assert outcome["error"] is None, outcome["error"]
    assert outcome["checks"] and all(c["passed"] for c in outcome["checks"]), [
        c["message"] for c in outcome["checks"] if not c["passed"]
    ]


@pytest.mark.timeout(300)
def test_untouched_stubs_score_nothing(which):
    outcome = runner.run_topic(TOPIC, target="exercises")
    assert outcome["checks"] and not any(c["passed"] for c in outcome["checks"])


def _run(cmd_src: str, **limits):
    return sandbox.run_isolated(
        [sys.executable, "-c", textwrap.dedent(cmd_src)],
        cwd=".",
        env=dict(os.environ),
        limits=sandbox.Limits(**limits),
    )


def _dead(pid: int) -> bool:
    """Gone or a zombie; SIGKILL is delivered at once but a busy machine may take a moment."""
    import psutil

    for _ in range(50):
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.timeout(60)
def test_a_hang_is_stopped(which):
    out = _run("import time\nwhile True: time.sleep(1)", timeout_s=2)
    assert out.timed_out and out.returncode is None


@pytest.mark.timeout(60)
def test_a_daemon_is_killed(which, tmp_path):
    pidfile = tmp_path / "pid"
    _run(
        f"""
        import os, time, subprocess, sys
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
        open({str(pidfile)!r}, "w").write(str(p.pid))
        time.sleep(1)
    """,
        timeout_s=20,
    )
    assert _dead(int(pidfile.read_text()))


@pytest.mark.timeout(60)
def test_a_grandchild_whose_parent_exited_at_once_is_killed(which, tmp_path):
    """A double fork that is over before the portable runner's first look at the tree."""
    pidfile = tmp_path / "pid"
    out = _run(
        f"""
        import os, time
        r, w = os.pipe()
        if os.fork() == 0:
            if os.fork() == 0:
                os.write(w, str(os.getpid()).encode())
                time.sleep(60)
            os._exit(0)
        os.close(w)
        open({str(pidfile)!r}, "w").write(os.read(r, 32).decode())
    """,
        timeout_s=20,
    )
    assert out.returncode == 0 and not out.timed_out, out.output
    assert _dead(int(pidfile.read_text()))


@pytest.mark.timeout(60)
def test_output_is_capped_and_a_crash_reported(which):
    out = _run(
        "import os, signal\nprint('x' * 100000, flush=True)\nos.kill(os.getpid(), signal.SIGSEGV)",
        output_bytes=1000,
    )
    assert out.output_truncated and len(out.output) <= 1000
    assert out.returncode == -11 and not out.timed_out and out.sandbox_error is None
    assert "SIGSEGV" in runner._describe_exit(out.returncode)


@pytest.mark.timeout(60)
def test_memory_is_bounded(which):
    out = _run("x = bytearray(800 * 1024 * 1024)\nimport time; time.sleep(2)", memory_mb=300)
    assert out.returncode != 0 and not out.timed_out


def test_a_sandbox_that_cannot_start_says_why(monkeypatch):
    monkeypatch.delenv("LLM_GRADER_SANDBOX", raising=False)
    if not sandbox.hardened_available():
        pytest.skip("no hardened supervisor on this platform")
    # a supervisor that dies at once: its status never comes; that is not a timeout
    monkeypatch.setattr(sandbox.sys, "executable", "/bin/false")
    out = sandbox.run_isolated(["true"], cwd=".", env=dict(os.environ), limits=sandbox.Limits())
    assert out.sandbox_error and "could not start" in out.sandbox_error
    assert not out.timed_out


def test_each_missing_piece_turns_the_hardened_supervisor_off(monkeypatch):
    monkeypatch.delenv("LLM_GRADER_SANDBOX", raising=False)
    if not sandbox.hardened_available():
        pytest.skip("no hardened supervisor on this platform")
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "resource", None)  # Windows
        assert not sandbox.hardened_available()
    with monkeypatch.context() as m:
        isdir = os.path.isdir
        m.setattr(
            sandbox.os.path, "isdir", lambda p: False if str(p).startswith("/proc") else isdir(p)
        )
        assert not sandbox.hardened_available()
    with monkeypatch.context() as m:
        m.setattr(sandbox.ctypes, "CDLL", lambda *a, **k: object())  # a libc without prctl
        assert not sandbox.hardened_available()
    assert sandbox.hardened_available()


# what a Mac or Windows laptop lacks, removed from this Python (and from the check process,
# which inherits PYTHONPATH and so this sitecustomize)
_NOT_LINUX = """
    import ctypes, os, sys
    import psutil  # psutil's Linux backend needs resource; on macOS and Windows it does not
    sys.modules["resource"] = None
    _isdir, _exists = os.path.isdir, os.path.exists
    os.path.isdir = lambda p: False if str(p).startswith("/proc") else _isdir(p)
    os.path.exists = lambda p: False if str(p).startswith("/proc") else _exists(p)
    class _CDLL(ctypes.CDLL):
        def __getattr__(self, name):
            if name == "prctl":
                raise AttributeError(name)
            return super().__getattr__(name)
    ctypes.CDLL = _CDLL
"""


@pytest.mark.timeout(60)
def test_a_supervisor_that_hangs_is_a_timeout_not_a_start_failure(monkeypatch, tmp_path):
    monkeypatch.delenv("LLM_GRADER_SANDBOX", raising=False)
    if not sandbox.hardened_available():
        pytest.skip("no hardened supervisor on this platform")
    stuck = tmp_path / "python"
    stuck.write_text("#!/bin/sh\nexec sleep 60\n")
    stuck.chmod(0o755)
    monkeypatch.setattr(sandbox.sys, "executable", str(stuck))
    monkeypatch.setattr(sandbox, "SUPERVISOR_GRACE_S", 0.5)
    out = sandbox.run_isolated(
        ["true"], cwd=".", env=dict(os.environ), limits=sandbox.Limits(timeout_s=0.5)
    )
    assert out.timed_out and out.sandbox_error is None


@pytest.mark.timeout(300)
def test_without_prctl_proc_or_resource_the_reference_still_scores(tmp_path):
    """macOS/Windows simulation: no `resource`, no /proc, a libc without prctl."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(_NOT_LINUX))
    code = textwrap.dedent(f"""
        import json, ctypes
        from grader.run import runner, sandbox
        assert not sandbox.hardened_available()
        assert not hasattr(ctypes.CDLL(None), "prctl")
        try:
            import resource
        except ImportError:
            pass
        else:
            raise AssertionError("resource is importable")
        out = runner.run_topic({TOPIC!r}, target="solutions")
        print(json.dumps([out["error"], [c["passed"] for c in out["checks"]]]))
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(topics.project_root())]))
    env.pop("LLM_GRADER_SANDBOX", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    error, passed = json.loads(done.stdout.strip().splitlines()[-1])
    assert error is None and passed and all(passed), (error, passed)


@pytest.mark.parametrize(
    ("event", "args", "outbound"),
    [
        ("socket.getaddrinfo", ("example.com", 80), True),
        ("socket.getaddrinfo", ("127.0.0.1.example.com", 80), True),
        ("socket.getaddrinfo", ("localhost.example.com", 80), True),
        ("socket.getaddrinfo", ("localhost", 80), False),
        ("socket.getaddrinfo", (b"::1", 80), False),
        ("socket.getaddrinfo", (None, 80), False),
        ("socket.gethostbyname", ("example.com",), True),
        ("socket.gethostbyaddr", ("203.0.113.1",), True),
        ("socket.getnameinfo", (("203.0.113.1", 80), 0), True),
        ("socket.connect", ("inet", ("203.0.113.1", 80)), True),
        ("socket.connect", ("inet", ("127.0.0.1", 80)), False),
        ("socket.connect", ("inet6", ("::1", 80, 0, 0)), False),
        ("socket.connect", ("inet6", ("::ffff:127.0.0.1", 80, 0, 0)), False),
        ("socket.connect", ("inet6", ("2001:db8::1", 80, 0, 0)), True),
        ("socket.sendto", ("inet", ("203.0.113.1", 53)), True),
        ("socket.sendmsg", ("inet", None), False),
    ],
)
def test_only_loopback_is_local(event, args, outbound):
    import socket

    from grader.core import guard

    if args and args[0] in ("inet", "inet6"):
        family = socket.AF_INET if args[0] == "inet" else socket.AF_INET6
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            assert guard._outbound(event, (sock, *args[1:])) is outbound
    else:
        assert guard._outbound(event, args) is outbound
    assert event in guard.NET_EVENTS


@pytest.mark.timeout(300)
def test_a_submission_that_uses_the_network_fails_clearly(which, tmp_path):
    """Outbound connect and name lookup cost the checks they touch, with a message naming
    the network; loopback still works (under both runners, so scores match)."""
    shutil.copytree(topics.solutions_dir() / "t1_tokens", tmp_path / "t1_tokens")
    path = tmp_path / "t1_tokens" / "sampling.py"
    path.write_text(
        path.read_text()
        + textwrap.dedent("""

        import socket
        _reference_softmax = softmax

        def top_k_filter(logits, k):
            socket.create_connection(("203.0.113.1", 80), timeout=2)

        def top_p_filter(logits, p):
            socket.getaddrinfo("example.com", 80)

        def softmax(logits, temperature=1.0):
            with socket.create_server(("127.0.0.1", 0)) as server:
                socket.create_connection(server.getsockname(), timeout=5).close()
            return _reference_softmax(logits, temperature)
    """)
    )
    outcome = runner.run_topic(
        "t1_tokens", target=str(tmp_path), extra=("-k", "top_k or top_p or softmax")
    )
    assert outcome["error"] is None, outcome["error"]
    for name in ("top_k", "top_p"):
        touched = [c for c in outcome["checks"] if name in c["id"]]
        assert touched and not any(c["passed"] for c in touched)
        assert all("may not use the network" in c["message"] for c in touched), [
            c["message"] for c in touched
        ]
    loopback = [c for c in outcome["checks"] if "softmax" in c["id"] and "top_" not in c["id"]]
    assert loopback and all(c["passed"] for c in loopback), [
        c["message"] for c in loopback if not c["passed"]
    ]


def test_linux_supervisor_gives_code_no_network_but_loopback(monkeypatch):
    """Below the guard (native code, library threads): a network namespace with only
    loopback, where the system allows unprivileged user namespaces; same uid inside."""
    monkeypatch.delenv("LLM_GRADER_SANDBOX", raising=False)
    if not sandbox.hardened_available():
        pytest.skip("no hardened supervisor on this platform")
    probe_src = "import os; from grader.run import sandbox; os._exit(0 if sandbox._private_network() else 3)"
    probe = subprocess.run([sys.executable, "-c", probe_src], check=False, capture_output=True)
    if probe.returncode == 3:
        pytest.skip("this system allows no unprivileged network namespace")
    assert probe.returncode == 0, probe.stderr
    out = _run(
        """
        import errno, os, socket
        print("uid", os.getuid())
        s = socket.socket(); s.settimeout(2)
        print("errno", errno.errorcode.get(s.connect_ex(("203.0.113.1", 80))))
        with socket.create_server(("127.0.0.1", 0)) as server:
            socket.create_connection(server.getsockname(), timeout=5).close()
        print("loopback ok")
    """,
        timeout_s=20,
    )
    assert f"uid {os.getuid()}" in out.output, out.output
    assert "errno ENETUNREACH" in out.output and "loopback ok" in out.output, out.output
