"""The portable runner (macOS/Windows, or LLM_GRADER_SANDBOX=portable) scores like the Linux
supervisor, and a sandbox that cannot start says why instead of "ran out of time"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from grader import runner, sandbox, topics

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
    assert outcome["checks"] and all(c["passed"] for c in outcome["checks"]), \
        [c["message"] for c in outcome["checks"] if not c["passed"]]


def _run(cmd_src: str, **limits):
    return sandbox.run_isolated([sys.executable, "-c", textwrap.dedent(cmd_src)], cwd=".",
                                env=dict(os.environ), limits=sandbox.Limits(**limits))


@pytest.mark.timeout(60)
def test_a_hang_is_stopped(which):
    out = _run("import time\nwhile True: time.sleep(1)", timeout_s=2)
    assert out.timed_out and out.returncode is None


@pytest.mark.timeout(60)
def test_a_daemon_is_killed(which, tmp_path):
    pidfile = tmp_path / "pid"
    _run(f"""
        import os, time, subprocess, sys
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
        open({str(pidfile)!r}, "w").write(str(p.pid))
        time.sleep(1)
    """, timeout_s=20)
    pid = int(pidfile.read_text())
    import psutil
    try:
        assert psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        pass


@pytest.mark.timeout(60)
def test_output_is_capped_and_a_crash_reported(which):
    out = _run("import os, signal\nprint('x' * 100000, flush=True)\nos.kill(os.getpid(), signal.SIGSEGV)",
               output_bytes=1000)
    assert out.output_truncated and len(out.output) <= 1000
    assert out.returncode == -11


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


@pytest.mark.timeout(300)
def test_without_prctl_proc_or_resource_the_reference_still_scores(tmp_path):
    """macOS/Windows simulation: `resource` cannot be imported and /proc is "absent"."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent("""
        import sys, os
        import psutil  # psutil's Linux backend needs resource; on Windows it does not
        sys.modules["resource"] = None
        _isdir = os.path.isdir
        os.path.isdir = lambda p: False if str(p).startswith("/proc") else _isdir(p)
    """))
    code = textwrap.dedent(f"""
        import json
        from grader import runner, sandbox
        assert not sandbox.hardened_available()
        out = runner.run_topic({TOPIC!r}, target="solutions")
        print(json.dumps([out["error"], all(c["passed"] for c in out["checks"]), len(out["checks"])]))
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(topics.project_root())]))
    env.pop("LLM_GRADER_SANDBOX", None)
    done = subprocess.run([sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr[-2000:]
    import json
    error, all_passed, n = json.loads(done.stdout.strip().splitlines()[-1])
    assert error is None and all_passed and n > 0


@pytest.mark.parametrize(("event", "args", "outbound"), [
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
])
def test_only_loopback_is_local(event, args, outbound):
    import socket

    from grader import guard
    if args and args[0] in ("inet", "inet6"):
        family = socket.AF_INET if args[0] == "inet" else socket.AF_INET6
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            assert guard._outbound(event, (sock, *args[1:])) is outbound
    else:
        assert guard._outbound(event, args) is outbound
    assert event in guard.NET_EVENTS


@pytest.mark.timeout(300)
@pytest.mark.parametrize("call", ["socket.create_connection(('10.255.255.1', 80), timeout=2)",
                                  "socket.getaddrinfo('example.com', 80)"])
def test_a_submission_that_uses_the_network_fails_clearly(tmp_path, call):
    import shutil
    shutil.copytree(topics.solutions_dir() / "t1_tokens", tmp_path / "t1_tokens")
    path = tmp_path / "t1_tokens" / "sampling.py"
    path.write_text(path.read_text() + textwrap.dedent(f"""

        import socket
        def top_k_filter(logits, k):
            {call}
    """))
    outcome = runner.run_topic("t1_tokens", target=str(tmp_path), extra=("-k", "top_k"))
    touched = [c for c in outcome["checks"] if "top_k" in c["id"]]
    assert touched and not any(c["passed"] for c in touched)
    assert any("may not use the network" in c["message"] for c in touched), \
        [c["message"] for c in touched]


def test_linux_supervisor_runs_code_without_a_network_when_namespaces_are_allowed(monkeypatch):
    monkeypatch.delenv("LLM_GRADER_SANDBOX", raising=False)
    if not sandbox.hardened_available() or sandbox._netns(["true"]) == ["true"]:
        pytest.skip("no unprivileged network namespace here")
    out = _run("import socket; s = socket.socket(); s.settimeout(2)\n"
               "print('errno', s.connect_ex(('10.255.255.1', 80)))", timeout_s=20)
    import errno
    assert f"errno {errno.ENETUNREACH}" in out.output, out.output
