"""The warm worker's server: import the libraries once, then fork a sandboxed run per request.

``python -P -m grader.run.zygote FD`` imports pytest, numpy, torch, transformers and the
grader's core (never a learner's, a target's or a check's module, never a torch op, so no
thread pool exists), tells the client it is ready on the socket FD, and keeps importing the
rest of the stack (datasets, peft, trl, ...) between requests. Each request (a command, cwd,
env, limits and the fds of its pipes, passed over the socket) forks a supervisor that does
what ``python -m grader.run.sandbox`` does: child subreaper, a child in its own session, in
a private network namespace, under the same rlimits, killed with everything it started when
it ends or its time is up, and a status written to the status fd. A pytest command runs in
the forked child itself (``python -m pytest`` emulated: clean cwd, env, sys.path, argv);
any other command is exec'd. The zygote stays single-threaded (checked before every fork)
and adopts and kills whatever outlives a supervisor that was killed.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import select
import signal
import socket
import sys
import time

PR_SET_DUMPABLE = 4
NETNS_FAILED = 199            # the child's exit status when the namespace failed half way
BASE = ("pytest", "_pytest.python", "_pytest.fixtures", "grader.core.guard",
        "grader.core.integrity", "grader.core.results", "grader.core.target", "numpy", "torch",
        "torch.nn.functional")
# what the topics' code and checks import ("module:names" as in ``from module import names``),
# most used first; the checks of all seven topics then import little of their own
EXTRA = (
    "transformers:GPT2Config,GPT2LMHeadModel,LlamaConfig,LlamaForCausalLM,LlamaModel,"
    "AutoTokenizer,AutoModelForCausalLM,PreTrainedTokenizerFast,TrainerCallback",
    "transformers.models.gpt2.modeling_gpt2", "transformers.models.llama.modeling_llama",
    "transformers.loss.loss_utils", "transformers.generation.utils", "tokenizers",
    "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib.figure", "rich.console", "bm25s",
    "transformers:AutoModelForSequenceClassification,LlamaForSequenceClassification,AutoModel",
    "transformers.trainer", "peft", "datasets:Dataset", "trl:SFTConfig,SFTTrainer,DPOConfig,"
    "DPOTrainer,RewardConfig,RewardTrainer",
)
_libc = ctypes.CDLL(None, use_errno=True)
_initial_path = list(sys.path)


def threads() -> int:
    """Threads of this process (a fork copies only the calling one)."""
    return len(os.listdir("/proc/self/task"))


def _warm(spec: str) -> None:
    name, _, attrs = spec.partition(":")
    try:
        module = importlib.import_module(name)
        for attr in filter(None, attrs.split(",")):
            getattr(module, attr)  # transformers loads its models lazily
    except Exception as exc:  # noqa: BLE001 (an optional library: the child imports it or not)
        print(f"zygote: not preloaded: {name}: {exc!r}", file=sys.stderr, flush=True)


def _rewrite_warnings() -> list[str]:
    """-W filters for pytest's 'already imported, cannot be rewritten' about preloaded
    libraries that ship a pytest plugin (pytest marks them; a fresh process imports them later)."""
    from importlib.metadata import distributions

    from _pytest.config import _iter_rewritable_modules
    names = set()
    for dist in distributions():
        if any(ep.group == "pytest11" for ep in dist.entry_points):
            names.update(_iter_rewritable_modules(str(f) for f in dist.files or []))
    return [f"-Wignore:Module already imported so cannot be rewritten; {n}:"
            "pytest.PytestAssertRewriteWarning" for n in sorted(names & set(sys.modules))]


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
    import fcntl
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
    from grader.run import sandbox
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
        for sig in (signal.SIGPIPE, signal.SIGXFSZ):   # as subprocess does before exec
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
    importlib.invalidate_caches()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()   # a fresh process draws a fresh global seed
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


def _supervise(req: dict, fds: list[int], ctl: int) -> None:
    from grader.run import sandbox
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


# --- the server loop --------------------------------------------------------------------

class _Server:
    def __init__(self, ctl: socket.socket):
        self.ctl = ctl
        self.supervisors: set[int] = set()
        self.filters: list[str] = []
        self.pending = list(EXTRA)

    def _reap(self) -> None:
        """Reap finished supervisors; kill whatever a killed supervisor left to us."""
        from grader.run import sandbox
        stray = False
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in self.supervisors:
                self.supervisors.discard(pid)
                stray |= not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0)
        if stray:
            for pid in set(sandbox._children(os.getpid())) - self.supervisors:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def status(self) -> dict:
        """What a test asks: threads, open fds, pending imports, modules of neither a library
        nor the grader (there must be none: no learner's, target's or check's module)."""
        prefixes = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix})
        files = {n: getattr(m, "__file__", None) or "" for n, m in list(sys.modules.items())}
        foreign = sorted(n for n, f in files.items() if os.path.isabs(f)
                         and not os.path.realpath(f).startswith(prefixes)
                         and n.split(".")[0] != "grader" and f != __file__)
        torch = sys.modules.get("torch")
        return {"threads": threads(), "fds": sorted(map(int, os.listdir("/proc/self/fd"))),
                "pending": len(self.pending), "modules": len(sys.modules), "foreign": foreign,
                "torch_threads": torch.get_num_threads() if torch else None}

    def handle(self, data: bytes, fds: list[int]) -> None:
        try:
            req = json.loads(data)
            if req.get("op") == "status":
                self.ctl.send(json.dumps(self.status()).encode())
                return
            req["warning_filters"] = self.filters
            if threads() != 1:
                raise RuntimeError(f"the zygote has {threads()} threads; it forks only with one")
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    _supervise(req, fds, self.ctl.fileno())
                    code = 0
                except BaseException:  # noqa: BLE001 (said in the zygote's log; no status)
                    import traceback
                    traceback.print_exc()
                finally:
                    os._exit(code)
            self.supervisors.add(pid)
            reply = {"pid": pid}
        except Exception as exc:  # noqa: BLE001 (the client falls back to a fresh process)
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            for fd in fds:
                os.close(fd)
        self.ctl.send(json.dumps(reply).encode())
        if "error" in reply and reply["error"].startswith("RuntimeError"):
            sys.exit(3)

    def serve(self) -> None:
        pending = self.pending
        while True:
            self._reap()
            ready, _, _ = select.select([self.ctl], [], [], 0 if pending else 1.0)
            if not ready:
                if pending:
                    _warm(pending.pop(0))
                    if not pending:
                        self.filters = _rewrite_warnings()
                        gc.freeze()
                continue
            data, fds, _, _ = socket.recv_fds(self.ctl, 1 << 20, 64)
            if not data:
                os._exit(0)  # the client has gone
            self.handle(data, fds)


def main(fd: int) -> None:
    """Warm up, say ready, serve until the client closes the socket."""
    os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = "1"  # before torch
    os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")  # pyarrow's thread
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # no learner may ptrace the zygote
    ctl = socket.socket(fileno=fd)
    for name in BASE:
        _warm(name)
    server = _Server(ctl)
    server.filters = _rewrite_warnings()
    torch = sys.modules.get("torch")
    ctl.send(json.dumps({"ready": os.getpid(), "threads": threads(),
                         "torch_threads": torch.get_num_threads() if torch else None}).encode())
    if threads() != 1:
        sys.exit(3)
    gc.freeze()  # children leave the preloaded objects' pages shared
    server.serve()


if __name__ == "__main__":
    main(int(sys.argv[1]))
