"""The warm worker: check runs forked from a zygote are as isolated as spawned ones, leak
nothing into the next run, survive the zygote's death, and score exactly alike."""

from __future__ import annotations

import os
import signal
import textwrap
import time

import pytest

from grader.core import topics
from grader.run import runner, sandbox, worker

pytestmark = pytest.mark.skipif(not worker.enabled(), reason="no warm worker on this platform")


def _check_file(folder, name: str, body: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body))
    return path


def _zygote():
    """The zygote runs use, once it has imported all it preloads."""
    z = worker._zygote(runner.child_env(None))
    assert z is not None, worker._failed
    for _ in range(600):
        if z.status()["pending"] == 0:
            return z
        time.sleep(0.2)
    raise AssertionError("the zygote never finished its imports")


def _failures(outcome) -> list[str]:
    return [f"{c['id']}: {c['message']}" for c in outcome["checks"] if not c["passed"]]


PLANT = """
    import os, sys, threading, time, types
    import torch
    import torch.nn.functional as F

    def test_plant_state():
        F.__dict__["_planted"] = 1
        F.relu = lambda x: x * 0
        torch.matmul = lambda a, b: "patched"
        torch.set_num_threads(2)
        torch.ones(256, 256) @ torch.ones(256, 256)   # starts the intra-op pool
        os.environ["LLM_GRADER_PLANTED"] = "1"
        open("planted.txt", "w").write("left behind")
        sys.modules["planted_module"] = types.ModuleType("planted_module")
        sys.path.insert(0, "/planted")
        sys.argv.append("--planted")
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
"""

LOOK = """
    import os, sys, threading
    import torch
    import torch.nn.functional as F

    def test_no_state_from_an_earlier_check_file():
        found = []
        found += ["F._planted"] * ("_planted" in F.__dict__)
        found += ["F.relu patched"] * (F.relu(torch.ones(1)).item() != 1.0)
        found += ["torch.matmul patched"] * (not isinstance(torch.matmul(torch.ones(1, 1), torch.ones(1, 1)), torch.Tensor))
        found += [f"torch threads {torch.get_num_threads()}"] * (torch.get_num_threads() != 1)
        found += ["env"] * ("LLM_GRADER_PLANTED" in os.environ)
        found += ["file in cwd"] * os.path.exists("planted.txt")
        found += ["module"] * ("planted_module" in sys.modules)
        found += ["sys.path"] * ("/planted" in sys.path)
        found += ["argv"] * ("--planted" in sys.argv)
        found += [f"threads {threading.enumerate()}"] * (threading.active_count() != 1)
        found += ["course module"] * any(m.split(".")[0] in ("solutions", "exercises") or
                                         m.startswith(("t1_", "t7_")) for m in sys.modules)
        assert not found, found
"""


@pytest.mark.timeout(300)
def test_nothing_a_check_file_leaves_behind_reaches_the_next_run(tmp_path):
    """Two learners' runs in a row from one zygote: the second sees none of the first's
    state; the same two files in one process do see it (so the probe would notice)."""
    plant = _check_file(tmp_path / "checks", "test_plant.py", PLANT)
    look = _check_file(tmp_path / "checks", "test_look.py", LOOK)
    first, second = tmp_path / "learner1", tmp_path / "learner2"
    first.mkdir()
    second.mkdir()
    z = _zygote()
    before = z.status()
    planted = runner._run_files([plant], str(first), None, (), None)
    assert planted["error"] is None and not _failures(planted), planted["log"]
    looked = runner._run_files([look], str(second), None, (), None)
    assert looked["error"] is None and not _failures(looked), _failures(looked)
    assert worker._zygote(runner.child_env(None)) is z and z.proc.poll() is None
    after = z.status()
    assert after["threads"] == 1 and after["torch_threads"] == 1 and after["foreign"] == []
    assert after["fds"] == before["fds"], "the zygote kept a run's file descriptors"
    together = runner._run_files([plant, look], str(first), None, (), None)
    assert len(_failures(together)) == 1 and "torch.matmul patched" in _failures(together)[0]


PROBE = """
    import os, resource, sys

    def test_sandbox_of_a_check_run():
        print("FORKED", "transformers" in sys.modules)   # only a zygote has it before the test
        assert os.getsid(0) == os.getpid(), "not in its own session"
        assert resource.getrlimit(resource.RLIMIT_AS)[0] == 3000 * 1024 * 1024
        assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] == 7 * 1024 * 1024
        assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
        fds = {}
        for f in os.listdir("/proc/self/fd"):
            try:
                fds[int(f)] = os.readlink(f"/proc/self/fd/{f}").split(":")[0]
            except OSError:   # the listing's own
                pass
        print("FDS", sorted(fds.values()), "CWD", os.getcwd())   # numbers: the runner's
        if open("netns").read() == "1":   # below the guard: a namespace with loopback only
            lines = open("/proc/self/net/dev").read().splitlines()[2:]
            assert [ln.split(":")[0].strip() for ln in lines] == ["lo"], lines
        print("x" * 100_000)
"""


@pytest.mark.timeout(120)
def test_a_forked_run_gets_the_whole_sandbox(tmp_path):
    """Own session, the rlimits, only its pipes open, its cwd, no network, capped output."""
    probe = _check_file(tmp_path / "checks", "test_probe.py", PROBE)
    (tmp_path / "netns").write_text("1" if _netns_allowed() else "0")
    limits = sandbox.Limits(memory_mb=3000, file_mb=7, output_bytes=5000)
    _zygote()
    seen = {}
    for mode in ("1", "0"):
        env = dict(os.environ, LLM_GRADER_WORKER="0") if mode == "0" else None
        if mode == "0":
            os.environ["LLM_GRADER_WORKER"] = "0"
        try:
            outcome = runner._run_files([probe], str(tmp_path), limits, ("-s",), env)
        finally:
            os.environ.pop("LLM_GRADER_WORKER", None)
        assert outcome["error"] is None and not _failures(outcome), outcome["log"][-3000:]
        assert "[output truncated]" in outcome["log"] and len(outcome["log"]) < 6000
        assert f"FORKED {mode == '1'}" in outcome["log"]
        seen[mode] = next(ln for ln in outcome["log"].splitlines() if ln.startswith("FDS"))
    assert f"CWD {tmp_path}" in seen["1"]
    assert seen["1"] == seen["0"], "the forked run has other files open than a spawned one"


def _netns_allowed() -> bool:
    import subprocess
    import sys

    src = "import os; from grader.run import sandbox; os._exit(0 if sandbox._private_network() else 3)"
    return subprocess.run([sys.executable, "-c", src], check=False).returncode == 0


DAEMON = """
    import ctypes, os, threading, time
    import torch

    libc = ctypes.CDLL(None)   # the guard stops os.fork and subprocess; native code is below it

    def _sleeper(arg: bytes, detach: bool):
        if detach:
            libc.setsid()
        argv = (ctypes.c_char_p * 3)(b"/bin/sleep", arg, None)
        libc.execv(b"/bin/sleep", argv)
        libc._exit(1)

    def test_forks_threads_and_daemons():
        torch.set_num_threads(2)
        x = torch.randn(512, 512)
        for _ in range(3):
            x = torch.tanh(x @ x)          # the intra-op pool in a forked child: no deadlock
        assert torch.get_num_threads() == 2 and len(os.listdir("/proc/self/task")) > 1
        pid = libc.fork()
        if pid == 0:
            libc._exit(7)
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7
        if libc.fork() == 0:
            _sleeper(b"3119", detach=True)            # a daemon in its own session
        if libc.fork() == 0:                          # a double fork whose middle exits at once
            if libc.fork() == 0:
                _sleeper(b"3120", detach=True)
            libc._exit(0)
        threading.Thread(target=time.sleep, args=(3121,), daemon=True).start()
        time.sleep(0.5)
"""


@pytest.mark.timeout(120)
def test_a_check_that_forks_threads_and_leaves_daemons(tmp_path):
    daemon = _check_file(tmp_path / "checks", "test_daemon.py", DAEMON)
    _zygote()
    outcome = runner._run_files([daemon], str(tmp_path), None, (), None)
    assert outcome["error"] is None and not _failures(outcome), outcome["log"][-3000:]
    assert not _sleeping("3119") and not _sleeping("3120"), "a daemon outlived its run"


def _sleeping(arg: str) -> bool:
    for _ in range(50):
        alive = False
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().split(b"\0")
                with open(f"/proc/{pid}/stat", "rb") as f:
                    zombie = f.read().rsplit(b")", 1)[1].split()[0] == b"Z"
            except OSError:
                continue
            alive |= cmd[:2] == [b"sleep", arg.encode()] and not zombie
        if not alive:
            return False
        time.sleep(0.1)
    return True


HANG = """
    import time

    def test_hangs():
        while True:
            time.sleep(1)
"""


@pytest.mark.timeout(120)
def test_a_hanging_forked_run_is_stopped(tmp_path):
    hang = _check_file(tmp_path / "checks", "test_hang.py", HANG)
    _zygote()
    outcome = runner._run_files(
        [hang], str(tmp_path), sandbox.Limits(timeout_s=4), ("--timeout=0",), None
    )
    assert outcome["error"] == runner._describe_exit(None)


KILL_ZYGOTE = """
    import os, signal

    def test_kills_the_zygote():
        supervisor = os.getppid()
        with open(f"/proc/{supervisor}/stat") as f:
            zygote = int(f.read().rsplit(")", 1)[1].split()[1])
        os.kill(zygote, signal.SIGKILL)
"""


@pytest.mark.timeout(300)
def test_a_dead_zygote_is_replaced_and_its_run_redone_in_a_fresh_process(tmp_path):
    """A check file kills the zygote: its own run still reports; the next run, finding the
    zygote dead, is done in a fresh process with the reason in its log; the one after it
    forks from a new zygote."""
    killer = _check_file(tmp_path / "checks", "test_killer.py", KILL_ZYGOTE)
    old = _zygote()
    killed = runner._run_files([killer], str(tmp_path), None, (), None)
    assert killed["error"] is None and not _failures(killed), killed["log"]
    for _ in range(100):
        if old.proc.poll() is not None:
            break
        time.sleep(0.05)
    assert old.proc.poll() == -signal.SIGKILL
    redone = runner.run_topic("t7_trends", target="solutions")
    assert redone["error"] is None and not _failures(redone)
    assert "the warm worker had died (killed by SIGKILL)" in redone["log"]
    assert "this run was done again in a fresh process" in redone["log"]
    new = _zygote()
    assert new is not old and new.proc.poll() is None
    again = runner.run_topic("t7_trends", target="solutions")
    assert again["error"] is None and "warm worker" not in again["log"]


def _verdicts(outcome) -> tuple:
    return (
        outcome["error"],
        [(c["id"], c["title"], c["points"], c["passed"], c["message"]) for c in outcome["checks"]],
    )


@pytest.mark.timeout(600)
@pytest.mark.parametrize("topic", ["t1_tokens", "t7_trends"])
def test_the_worker_scores_exactly_like_a_fresh_process(topic, tmp_path, monkeypatch):
    """Same ids, titles, points, verdicts and messages, on the reference and on the stubs."""
    from grader.build import sync

    stubs = sync.build_stubs(tmp_path / "stubs", [topic])
    got = {}
    for mode in ("1", "0"):
        monkeypatch.setenv("LLM_GRADER_WORKER", mode)
        assert worker.start() is (mode == "1")
        got[mode] = [
            _verdicts(runner.run_topic(topic, target=t)) for t in ("solutions", str(stubs))
        ]
    assert got["1"] == got["0"]
    solutions, stub = got["1"]
    assert solutions[1] and all(c[3] for c in solutions[1])
    assert stub[1] and not any(c[3] for c in stub[1])


def test_a_one_run_process_never_starts_a_zygote(tmp_path, monkeypatch):
    """One `llm-grader check 7` or one nbgrader kernel spawns its run and starts nothing; the
    second run starts the zygote in the background (and spawns, not waiting for it)."""
    monkeypatch.setenv("LLM_GRADER_FIRST_RUN", str(tmp_path))  # an environment of its own
    key = worker._key(runner.child_env(None))
    for run in (1, 2):
        outcome = runner.run_topic(
            "t7_trends", target="solutions", extra=("-k", "trend_properties")
        )
        assert outcome["checks"] and not _failures(outcome)
        started = key in worker._starting or key in worker._zygotes
        assert started is (run == 2)
    assert worker._zygote(runner.child_env(None)) is not None


def test_without_the_worker_runs_spawn_as_before(monkeypatch):
    """LLM_GRADER_WORKER=0, the portable sandbox, or a command that is not a check run."""
    monkeypatch.setenv("LLM_GRADER_WORKER", "0")
    assert not worker.enabled()
    assert (
        worker.try_run(
            runner.pytest_command([], "solutions"), cwd=".", env={}, limits=sandbox.Limits()
        )
        is None
    )
    monkeypatch.setenv("LLM_GRADER_WORKER", "1")
    monkeypatch.setenv("LLM_GRADER_SANDBOX", "portable")
    assert not worker.enabled()
    monkeypatch.delenv("LLM_GRADER_SANDBOX")
    assert worker.try_run(["true"], cwd=".", env={}, limits=sandbox.Limits()) is None


def test_the_solutions_folder_is_never_a_zygote_module():
    status = _zygote().status()
    assert status["threads"] == 1 and status["foreign"] == [], status
    assert str(topics.solutions_dir()) not in str(status)
