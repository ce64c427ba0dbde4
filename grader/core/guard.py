"""An audit hook that keeps the code under test away from the reference and from processes.

While any frame of the learner's code is on the stack, opening a file under solutions/ or
the hidden checks, starting a process, and reaching the network beyond loopback
(connect, sendto, sendmsg, and name lookups: getaddrinfo, gethostbyname, gethostbyaddr,
getnameinfo) raise PermissionError. Audit hooks cannot be removed once added, so learner
code cannot switch this off from Python. What the hook cannot see: native code (C
extensions, ctypes calls into libc) and threads whose code is all library code (a thread
started on ``urllib.request.urlopen`` has no learner frame). The sandbox covers the first
for processes (limits, tree kill) and, on Linux, for the network (a namespace when the
system allows one); see docs/instructor.md.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

SPAWN_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                "os.fork", "os.forkpty", "pty.spawn"}

# socket events that can reach another machine: connections, datagrams, and name lookups
# (a DNS query alone can carry data out). args[0] of the first four is the socket.
NET_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg",
              "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
              "socket.getnameinfo"}
_LOCAL_FAMILIES = {getattr(socket, name) for name in ("AF_UNIX", "AF_NETLINK")
                   if hasattr(socket, name)}
_LOCAL_NAMES = {"", "localhost", "localhost.", "ip6-localhost", "ip6-loopback"}

_installed: dict = {}


def _is_loopback(host) -> bool:
    """Only literal loopback addresses and the name localhost count; "127.x.example.com"
    and "localhost.example.com" are names like any other and would be looked up."""
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard, no lookup
    if isinstance(host, bytes):
        host = os.fsdecode(host)
    host = str(host).strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _outbound(event: str, args) -> bool:
    """Does this socket event reach beyond loopback?"""
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        return not _is_loopback(args[0])
    if event == "socket.getnameinfo":
        address = args[0]
    else:
        if getattr(args[0], "family", None) in _LOCAL_FAMILIES:
            return False  # AF_UNIX paths, netlink: this machine only
        address = args[1] if len(args) > 1 else None
        if address is None:
            return False  # sendmsg on a connected socket: its connect was checked
    if isinstance(address, tuple) and address:
        return not _is_loopback(address[0])
    return True  # an address we cannot read is not allowed


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
