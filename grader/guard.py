"""An audit hook that keeps the code under test away from the reference and from processes.

While any frame of the learner's code is on the stack, opening a file under solutions/ or
the hidden checks, starting a process, and reaching the network beyond loopback
(connect, getaddrinfo, sendto) raise PermissionError. Audit hooks cannot be
removed once added, so learner code cannot switch this off from Python. (Native code can
still do anything; the sandbox's process limits cover that.)
"""

from __future__ import annotations

import os
import sys

SPAWN_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                "os.fork", "os.forkpty", "pty.spawn"}

NET_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg"}
_LOOPBACK = ("127.", "::1", "localhost", "0:0:0:0:0:0:0:1")

_installed: dict = {}


def _outbound(event: str, args) -> bool:
    """Does this socket event reach beyond loopback? (AF_UNIX paths are local.)"""
    if event == "socket.getaddrinfo":
        host = args[0]
    else:
        address = args[1] if len(args) > 1 else None
        if not isinstance(address, tuple):
            return False
        host = address[0]
    if host is None:
        return False
    host = os.fsdecode(host) if isinstance(host, bytes) else str(host)
    return not (host == "" or host.startswith(_LOOPBACK))


def _learner_on_stack(learner_root: str) -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(learner_root):
            return True
        frame = frame.f_back
    return False


def install(learner_root: os.PathLike, protected: list[os.PathLike]) -> None:
    """Guard ``protected`` folders and process creation from code under ``learner_root``."""
    root = os.path.join(os.path.realpath(learner_root), "")
    shielded = tuple(os.path.join(os.path.realpath(p), "") for p in protected
                     if os.path.realpath(p) != os.path.realpath(learner_root))
    _installed.update(root=root, shielded=shielded)
    if _installed.get("hook"):
        return

    def hook(event: str, args) -> None:
        if event == "open":
            path = args[0]
            if isinstance(path, int) or path is None:
                return
            full = os.path.realpath(os.fsdecode(path))
            if full.startswith(_installed["shielded"]) and _learner_on_stack(_installed["root"]):
                raise PermissionError("the code under test may not read the reference solutions "
                                      "or the hidden checks")
        elif event in SPAWN_EVENTS and _learner_on_stack(_installed["root"]):
            raise PermissionError("the code under test may not start processes")
        elif event in NET_EVENTS and _outbound(event, args) and _learner_on_stack(_installed["root"]):
            raise PermissionError("the code under test may not use the network "
                                  "(only loopback is allowed)")

    _installed["hook"] = hook
    sys.addaudithook(hook)
