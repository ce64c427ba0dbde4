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

import gc
import importlib
import json
import os
import select
import signal
import socket
import sys

from grader.run import forked

BASE = (
    "pytest",
    "_pytest.python",
    "_pytest.fixtures",
    "grader.core.guard",
    "grader.core.integrity",
    "grader.core.results",
    "grader.core.target",
    "numpy",
    "torch",
    "torch.nn.functional",
)
# what the topics' code and checks import ("module:names" as in ``from module import names``),
# most used first; the checks of all seven topics then import little of their own
EXTRA = (
    "transformers:GPT2Config,GPT2LMHeadModel,LlamaConfig,LlamaForCausalLM,LlamaModel,"
    "AutoTokenizer,AutoModelForCausalLM,PreTrainedTokenizerFast,TrainerCallback",
    "transformers.models.gpt2.modeling_gpt2",
    "transformers.models.llama.modeling_llama",
    "transformers.loss.loss_utils",
    "transformers.generation.utils",
    "tokenizers",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.figure",
    "rich.console",
    "bm25s",
    "transformers:AutoModelForSequenceClassification,LlamaForSequenceClassification,AutoModel",
    "transformers.trainer",
    "peft",
    "datasets:Dataset",
    "trl:SFTConfig,SFTTrainer,DPOConfig,DPOTrainer,RewardConfig,RewardTrainer",
)


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
    return [
        f"-Wignore:Module already imported so cannot be rewritten; {n}:"
        "pytest.PytestAssertRewriteWarning"
        for n in sorted(names & set(sys.modules))
    ]


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
        foreign = sorted(
            n
            for n, f in files.items()
            if os.path.isabs(f)
            and not os.path.realpath(f).startswith(prefixes)
            and n.split(".")[0] != "grader"
            and f != __file__
        )
        torch = sys.modules.get("torch")
        return {
            "threads": threads(),
            "fds": sorted(map(int, os.listdir("/proc/self/fd"))),
            "pending": len(self.pending),
            "modules": len(sys.modules),
            "foreign": foreign,
            "torch_threads": torch.get_num_threads() if torch else None,
        }

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
                    forked.supervise(req, fds, self.ctl.fileno())
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
    forked._libc.prctl(forked.PR_SET_DUMPABLE, 0, 0, 0, 0)  # no learner may ptrace the zygote
    ctl = socket.socket(fileno=fd)
    for name in BASE:
        _warm(name)
    server = _Server(ctl)
    server.filters = _rewrite_warnings()
    torch = sys.modules.get("torch")
    ctl.send(
        json.dumps(
            {
                "ready": os.getpid(),
                "threads": threads(),
                "torch_threads": torch.get_num_threads() if torch else None,
            }
        ).encode()
    )
    if threads() != 1:
        sys.exit(3)
    gc.freeze()  # children leave the preloaded objects' pages shared
    server.serve()


if __name__ == "__main__":
    main(int(sys.argv[1]))
