"""An audit hook that keeps the code under test away from the reference and from processes.

While any frame of the learner's code is on the stack, reading the reference solutions or
the hidden checks, starting a process, and reaching the network beyond loopback
(connect, sendto, sendmsg, and name lookups: getaddrinfo, gethostbyname, gethostbyaddr,
getnameinfo) raise PermissionError. One process is allowed: the course's code runner
(``grader.core.execution``: exactly its command and environment keys), whose child confines
itself (limits, a temporary folder, no processes, no sockets) before it runs any code. Audit hooks cannot be removed once added, so learner
code cannot switch this off from Python; the hook keeps its own references to what it calls
(rebinding ``sys._getframe``, ``os.stat`` or ``open`` changes nothing) and a second ``install`` with
other arguments is refused.

The reference is recognised by content, not by where it lies: when the guard starts (before
any learner code is imported) it records the size and SHA-256 of every reference and
hidden-check file, and a file whose size is one of those is hashed when it is opened. So a
copy anywhere on the machine is refused: another checkout, a renamed file, a symbolic or
hard link, a ``/proc/self/fd`` path, a name relative to a folder descriptor (``dir_fd=``:
on Linux the name is tried against every folder the process holds open). Content the
learner already has is not secret and stays readable: what is also in the learner's own
folder or in the public exercises. Beside the content, the guard refuses by layout what no
learner code needs: any file in a folder laid out like the reference's (``solutions/tN_*``,
``checks/tN_*`` (``grader/checks/tN_*`` in older checkouts), their ``__pycache__``, nbgrader's ``source/tN_*``) outside the
learner's own folder, which catches another checkout at another version of the reference;
opening such a ``solutions`` or ``checks`` folder itself as a descriptor; moving or
hard-linking any of these (which would hide the layout); a compiled ``.pyc`` whose source
beside it is the reference; and anything inside a ``.git`` folder (git keeps every version
of the reference). Directory listings stay allowed: names reveal nothing. The cost is a
stat and a realpath per open (the stack is walked only for a refused file): about 4 µs per
open on top of the ~25 µs realpath the path check always cost.

What the hook cannot see: native code (C extensions, ctypes calls into libc) and threads
whose code is all library code (a thread started on ``urllib.request.urlopen`` has no
learner frame). The sandbox covers the first for processes (limits, tree kill) and, on
Linux, for the network (a namespace when the system allows one); see docs/instructor.md.
Learner frames are recognised by the file their code was compiled from, so code the learner
compiles under another file name (``compile(source, "/usr/lib/x.py", "exec")``) and then
has called from a check is not seen as the learner's. For the reference it also cannot see:
a copy that differs by a byte (reformatted, another version) kept outside a reference-like
layout; the reference inside another file (an archive, a notebook such as other learners'
submissions or an nbgrader gradebook, a compressed cache); a ``.pyc`` of the reference away
from its source; a relative ``dir_fd=`` name where ``/proc`` is missing (macOS, Windows);
and a file swapped in by another thread between the hook's check and the open. A grading
machine that holds no other checkout closes these; the guard is a second line.

The reference in memory. The check process also holds the reference (the modules
``target.oracle`` loads) and the checks' own state (their frames, helpers and expected values),
all in the process that runs the learner's code. Three layers keep it out of reach:

- No reference object is reachable from a module's globals or a proxy's attributes: the loaded
  reference modules live only in a suspended generator's frame (``grader.core.target._vault``),
  and every request first raises ``ORACLE_EVENT``, refused while a learner frame is on the
  stack (so the ``ref`` proxy that learner code finds in a check's globals answers with this
  refusal). The plugin replaces collected hidden check modules in ``sys.modules`` by
  stand-ins that refuse learner code (``CHECKS_EVENT``), puts a check module's private
  helpers (``_name``) behind the same kind of vault, and drops the reference's and the checks'
  lines from ``linecache`` before each check.
- Audit events, refused to learner code: ``sys._getframe`` and ``sys._current_frames``; reads of
  ``tb_frame``, ``gi_frame``, ``cr_frame``, ``ag_frame`` (``object.__getattr__``); ``__code__`` of
  the checks' or the reference's functions; ``gc.get_objects/get_referrers/get_referents``;
  ``sys.settrace/setprofile``; ``compile``, ``code.__new__`` (``code.replace``) and ``marshal.loads``
  with a name outside the learner's folder (code that would not count as the learner's, since
  learner frames are told by file name). Python 3.11 audits neither ``f_back``, ``f_locals``,
  ``f_globals``, ``__globals__`` nor ``__closure__``: what is refused is getting a frame at all.
  Libraries call ``sys._getframe`` and read tracebacks inside learner calls (logging's
  findCaller, typing, namedtuple, dataclasses, pytest-timeout's stack dump, torch,
  transformers, trl), so for frames the rule looks at who gets the frame, not at whether
  learner code is on the stack: refused when the code that asks is the learner's, is code
  compiled from text while learner code runs (``exec``, ``timeit``), or is one of the standard
  library's frame-returning helpers (``inspect.currentframe/stack/trace/getouterframes/
  getinnerframes/getgeneratorlocals``, ``traceback.walk_stack/walk_tb``) called directly by
  learner code; text-returning ones (``traceback.format_exc``, ``extract_stack``) stay allowed.
  In another thread (an executor the learner submits ``gc.get_objects`` to) the main thread's
  stack counts too. gc, tracing and the vaults use the plain rule (a learner frame on the stack).
  With these rules the reference keeps full marks on all seven topics.
- Feedback: every refusal of the answers (these and the file reads above, except a
  ``linecache`` read while a traceback is formatted) is counted; the plugin asks for the count
  with ``REFUSALS_EVENT`` around each check, and a check during which one happened fails with
  the refusal's message even if the learner's code caught the PermissionError.

What stays reachable (known gaps): the checks' module globals through pytest's own objects
(``_pytest.assertion.util._reprcompare``'s closure, pytest-timeout's alarm handler from
``signal.getsignal``): public callbacks, data tables of expected values and the test functions
themselves (the ``ref`` proxy and private helpers there refuse); reference classes through
``object.__subclasses__()`` (e.g. ``nn.Module.__subclasses__()``) and reference objects a check
hands to learner code: their methods' ``__globals__`` are the reference module's dict, and
calling a reference function raises no event; a frame passed to a signal handler the learner
installs (``signal.signal``, not audited); native code (ctypes reading memory). Closing these
takes checks that keep no expected values in module globals and hand no reference object to
learner code, or the reference in a separate oracle process.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import os
import socket
import stat as stat_mod
import sys
import threading

from . import execution

SPAWN_EVENTS = {
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
}

# socket events that can reach another machine: connections, datagrams, and name lookups
# (a DNS query alone can carry data out). args[0] of the first four is the socket.
NET_EVENTS = {
    "socket.connect",
    "socket.sendto",
    "socket.sendmsg",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
}
_LOCAL_FAMILIES = {
    getattr(socket, name) for name in ("AF_UNIX", "AF_NETLINK") if hasattr(socket, name)
}
_LOCAL_NAMES = {"", "localhost", "localhost.", "ip6-localhost", "ip6-loopback"}

READ_REFUSED = (
    "the code tried to read the grader's reference answers ({what}): the code "
    "under test may not read the reference solutions or the hidden checks, "
    "nor copies of them"
)
# the same refusal for what the check process holds in memory (frames, objects, the reference)
MEMORY_REFUSED = (
    "the code tried to read the grader's reference answers ({what}): the code "
    "under test may not look into the grader's call stack, objects or reference "
    "solutions; write the function yourself"
)
REFUSALS_EVENT = (
    "llm_grader.refusals"  # sys.audit(REFUSALS_EVENT, box): box gets the count, reasons
)
ORACLE_EVENT = "llm_grader.oracle"  # raised by grader.core.target before it hands out the reference
CHECKS_EVENT = "llm_grader.checks"  # raised by what stands for a hidden check module in sys.modules
# attribute reads that hand out a frame (CPython audits them as object.__getattr__)
FRAME_ATTRS = {
    "tb_frame": "a traceback's frames",
    "gi_frame": "a generator's frame",
    "cr_frame": "a coroutine's frame",
    "ag_frame": "an async generator's frame",
}
# the standard library's helpers that return frames (or their locals) to their caller
FRAME_APIS = frozenset(
    {
        "currentframe",
        "stack",
        "trace",
        "getouterframes",
        "getinnerframes",
        "getgeneratorlocals",
        "getcoroutinelocals",
        "walk_stack",
        "walk_tb",
    }
)
FRAME_API_FILES = frozenset(
    os.path.join(os.path.dirname(os.__file__), f"{name}.py") for name in ("inspect", "traceback")
)
# readers whose refused reads do not fail the check: linecache, when a traceback that passes
# through a hidden check is formatted while learner code runs (the lines are just left out)
QUIET_READERS = frozenset(
    os.path.join(os.path.dirname(os.__file__), f"{name}.py") for name in ("linecache", "tokenize")
)
MEMORY_EVENTS = {
    "gc.get_objects": "gc.get_objects: every object of the check process",
    "gc.get_referrers": "gc.get_referrers: the check process's objects",
    "gc.get_referents": "gc.get_referents: the check process's objects",
    "sys.settrace": "sys.settrace: a trace function sees the grader's frames",
    "sys.setprofile": "sys.setprofile: a profile function sees the grader's frames",
    ORACLE_EVENT: "the reference solutions the check process holds",
    CHECKS_EVENT: "a hidden check module or one of its helpers",
}
CODE_EVENTS = {"compile", "code.__new__", "marshal.loads"}
MOVE_EVENTS = {"os.rename", "os.link"}  # os.replace and shutil.move raise os.rename
SKIPPED_DIRS = {"__pycache__", ".git", ".llm-grader", ".ipynb_checkpoints", ".pytest_cache"}
FD_FOLDER = "/proc/self/fd"  # Linux: where a relative os.open(name, dir_fd=...) may point
NBGRADER_SOURCE = "source"  # nbgrader's source/<topic>/ notebooks hold the reference

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


def _digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).digest()
    except OSError:
        return None


def _walk(folder: str):
    """(path, stat result) of every file and folder under ``folder``, ``folder`` included."""
    try:
        yield folder, os.stat(folder)
    except OSError:
        return
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(top, name)
            try:
                yield path, os.stat(path)
            except OSError:
                pass


def _label(folder: str) -> str:
    """How a protected folder is recognised in another checkout: its name, with its parent's
    when the parent is a Python package (``grader/checks`` in older checkouts; ``checks`` and ``solutions`` alone)."""
    parent, name = os.path.split(folder)
    if os.path.isfile(os.path.join(parent, "__init__.py")):
        return f"{os.path.basename(parent)}/{name}"
    return name


def fingerprints(protected, public) -> dict:
    """What the hook compares against, computed once before any learner code runs.

    ``sizes``: size -> SHA-256 digests of the protected files (skipping empty ones and those
    whose content is also under a ``public`` folder); ``inodes``: (device, inode) of every
    protected file and folder; ``tails``: the reference-like folder layouts (``labels``: the
    protected folders' own names, refused only as folders)."""
    found: dict[int, set] = {}
    inodes, tails, labels = set(), set(), set()
    for folder in protected:
        label = _label(folder)
        labels.add(label)
        for path, st in _walk(folder):
            inodes.add((st.st_dev, st.st_ino))
            rel = os.path.relpath(path, folder)
            if stat_mod.S_ISDIR(st.st_mode):
                if rel != "." and not set(rel.split(os.sep)) & SKIPPED_DIRS:
                    for tail in (
                        f"{label}/{rel}",
                        f"{NBGRADER_SOURCE}/{rel}" if label == "solutions" else None,
                    ):
                        if tail:
                            tails.update({tail, f"{tail}/__pycache__"})
            elif (
                stat_mod.S_ISREG(st.st_mode)
                and st.st_size
                and "__pycache__" not in rel.split(os.sep)
            ):
                digest = _digest(path)
                if digest:
                    found.setdefault(st.st_size, set()).add(digest)
    for folder in public:  # only files of a protected size need hashing
        for path, st in _walk(folder):
            if stat_mod.S_ISREG(st.st_mode) and st.st_size in found:
                found[st.st_size].discard(_digest(path))
    sizes = {size: frozenset(d) for size, d in found.items() if d}
    return {
        "sizes": sizes,
        "inodes": frozenset(inodes),
        "tails": frozenset(tails),
        "labels": frozenset(labels),
    }


def _suffixes(path: str, depth: int = 4):
    parts = path.replace(os.sep, "/").rstrip("/").split("/")
    return {"/".join(parts[-k:]) for k in range(1, min(depth, len(parts)) + 1)}


def install(
    learner_root: os.PathLike, protected: list[os.PathLike], public=(), whole_process: bool = False
) -> None:
    """Guard ``protected`` folders (and copies of their files), process creation and the
    network from code under ``learner_root``; content also under ``public`` (and under
    ``learner_root``) is not protected. With ``whole_process`` every frame counts as the
    learner's, whatever file its code comes from (an nbgrader grading kernel, whose cells
    are all the learner's and whose code names nobody can trust). Once per process: a
    second call with other arguments raises RuntimeError, so learner code cannot install a
    laxer guard."""
    # everything the hook uses is bound here, before learner code can rebind os or sys
    realpath, fsdecode, stat, getframe = os.path.realpath, os.fsdecode, os.stat, sys._getframe
    get_ident, sha256, open_ = threading.get_ident, hashlib.sha256, io.open
    S_ISREG, isabs, dirname, basename = (
        stat_mod.S_ISREG,
        os.path.isabs,
        os.path.dirname,
        os.path.basename,
    )
    isdir, listdir, readlink = os.path.isdir, os.listdir, os.readlink
    current_frames, main_ident = sys._current_frames, threading.main_thread().ident
    # the rules' constants too: rebinding guard.FRAME_APIS (or any) later changes nothing
    frame_attrs, frame_apis, frame_api_files = dict(FRAME_ATTRS), FRAME_APIS, FRAME_API_FILES
    memory_whats, code_events, checks_event = (
        dict(MEMORY_EVENTS),
        frozenset(CODE_EVENTS),
        CHECKS_EVENT,
    )
    quiet_readers, memory_refused, read_refused = QUIET_READERS, MEMORY_REFUSED, READ_REFUSED
    refusals_event, fd_folder = REFUSALS_EVENT, FD_FOLDER
    spawn_events, net_events, move_events = (
        frozenset(SPAWN_EVENTS),
        frozenset(NET_EVENTS),
        frozenset(MOVE_EVENTS),
    )
    function_type = type(install)

    root = os.path.join(realpath(learner_root), "")
    kept = [realpath(p) for p in protected if realpath(p) != realpath(learner_root)]
    key = (root, tuple(kept), tuple(realpath(p) for p in public), whole_process)
    if _installed:
        if _installed["key"] != key:
            raise RuntimeError("the guard is already installed in this process")
        return
    shielded = tuple(os.path.join(p, "") for p in kept)
    trusted = shielded  # code that may call a hidden check's helpers: the checks' own
    prints = fingerprints(kept, [root, *(realpath(p) for p in public)])
    sizes, inodes, tails, labels = (prints[k] for k in ("sizes", "inodes", "tails", "labels"))
    tail_ends = frozenset(t.rsplit("/", 1)[-1] for t in tails | labels)  # a cheap first test
    busy: set[int] = set()  # threads inside the hook's own reads
    runner_cmd, runner_env_keys = tuple(execution.child_command()), execution.CHILD_ENV_KEYS

    def confined_runner(event: str, args) -> bool:
        """The course's code runner (grader.core.execution): exactly its command, an
        environment of its keys only; that child confines itself before it runs anything."""
        if event != "subprocess.Popen" or len(args) < 4:
            return False
        executable, argv, _cwd, env = args[:4]
        return (
            executable in (None, runner_cmd[0])
            and isinstance(argv, (list, tuple))
            and tuple(argv) == runner_cmd
            and isinstance(env, dict)
            and set(env) <= runner_env_keys
        )

    def learner_on_stack() -> bool:
        if whole_process:
            return True
        frame = getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(root):
                return True
            frame = frame.f_back
        return False

    inside: set[int] = set()  # threads inside the memory rules (their own getframe is audited)
    refusals: list[str] = []  # every refusal of the answers so far (the plugin fails the check)

    def learner_in(frame) -> bool:
        while frame is not None:
            if frame.f_code.co_filename.startswith(root):
                return True
            frame = frame.f_back
        return False

    def learner_running(frame) -> bool:
        """A learner frame on this thread's stack, or (in another thread: an executor, a
        thread the learner started) on the main thread's, where the checks run."""
        if learner_in(frame):
            return True
        return get_ident() != main_ident and learner_in(current_frames().get(main_ident))

    def hands_to_learner(reader) -> bool:
        """Does the frame that ``reader`` is getting land in learner code? Yes when the reader
        is learner code, code compiled from text while learner code runs (exec, timeit), or
        one of the standard library's frame-returning helpers (inspect.stack, traceback.walk_tb,
        ...) called by learner code. Libraries that read frames for themselves (logging,
        typing, namedtuple, pytest-timeout, torch, transformers) hand out no frame: allowed."""
        name = reader.f_code.co_filename
        if name.startswith(root):
            return True
        if name.startswith("<"):
            return learner_running(reader)
        frame = reader
        while frame is not None and frame.f_code.co_filename in frame_api_files:
            up = frame.f_back
            above = up.f_code.co_filename if up is not None else ""
            if above.startswith(root) or above.startswith("<") and learner_running(up):
                return frame.f_code.co_name in frame_apis  # what the learner called
            frame = up
        return get_ident() != main_ident and learner_in(current_frames().get(main_ident))

    def foreign_code(event: str, args) -> bool:
        """Learner code compiling code under a name outside its folder (its frames would not
        count as the learner's), or loading code objects from bytes."""
        if event == "marshal.loads":
            return True
        filename = args[1]
        if isinstance(filename, bytes):
            filename = fsdecode(filename)
        return not (isinstance(filename, str) and filename.startswith(root))

    def memory_rule(event: str, args) -> str | None:
        """What learner code tried to reach in memory (None: nothing refused)."""
        reader = getframe(3)  # memory_rule <- memory <- hook <- the code that raised the event
        if event == "object.__getattr__":
            if args[1] in frame_attrs:
                return frame_attrs[args[1]] if hands_to_learner(reader) else None
            # args[1] == "__code__": the code (constants, names) of the checks or the reference
            if not reader.f_code.co_filename.startswith(root) or type(args[0]) is not function_type:
                return None
            filename = args[0].__code__.co_filename
            return (
                "the code of the hidden checks or the reference"
                if filename.startswith(shielded)
                else None
            )
        if event in ("sys._getframe", "sys._current_frames"):
            return f"{event}: the grader's call stack" if hands_to_learner(reader) else None
        if event in code_events:
            if reader.f_code.co_filename.startswith(root) and foreign_code(event, args):
                return f"{event}: code that would not count as the learner's"
            return None
        if event == checks_event:
            # a hidden check's helper or module, asked for by the code that called the
            # plugin's stand-in (args[1]: how many frames of the plugin's own lie between):
            # the checks themselves (and their closures, handed to learner code as callbacks)
            # may use it; learner code, and libraries or grader helpers working for learner
            # code, may not
            caller = reader
            for _ in range(args[1] if len(args) > 1 and isinstance(args[1], int) else 0):
                caller = caller.f_back if caller is not None else None
            if caller is not None and caller.f_code.co_filename.startswith(trusted):
                return None
        return memory_whats[event] if learner_running(reader) else None

    def memory(event: str, args) -> None:
        me = get_ident()
        if me in inside:
            return
        inside.add(me)
        try:
            why = memory_rule(event, args)
        finally:
            inside.discard(me)
        if why:
            refusals.append(memory_refused.format(what=why))
            raise PermissionError(refusals[-1])

    def copy_of(path: str, st) -> str | None:
        """ "one" for a protected file or folder itself, "a copy" for one with its content."""
        if (st.st_dev, st.st_ino) in inodes:
            return "one"
        if not S_ISREG(st.st_mode) or st.st_size not in sizes:
            return None
        try:
            with open_(path, "rb") as f:
                return "a copy" if sha256(f.read()).digest() in sizes[st.st_size] else None
        except OSError:
            return None

    def refused(path: str, mode) -> str | None:
        """Why learner code may not open ``path`` (None: it may)."""
        try:
            st = stat(path)
        except (OSError, ValueError):
            st = None
        kind = copy_of(path, st) if st is not None else None
        if kind:
            return f"{basename(path.rstrip(os.sep)) or path} is {kind} of them"
        real = realpath(path)
        if real.startswith(shielded):
            return basename(real)
        names = [real] if isabs(path) else [real, os.path.normpath(path)]  # relative: dir_fd?
        for name in names:
            if "/.git/" in f"/{name}/".replace(os.sep, "/"):
                return "a git repository holds every version of them"
            if name is real and (real + os.sep).startswith(root):
                continue  # the learner's own folder may look like anything
            folder, last = dirname(name), basename(name)
            if (
                basename(folder) in tail_ends
                and _suffixes(folder) & tails
                or last in tail_ends
                and (_suffixes(name) & tails or mode is None and _suffixes(name) & labels)
            ):
                return f"{name} is laid out like the reference"
        if real.endswith(".pyc") and basename(dirname(real)) == "__pycache__":
            source = os.path.join(dirname(dirname(real)), basename(real).split(".")[0] + ".py")
            try:
                if copy_of(source, stat(source)):
                    return f"{basename(real)} is compiled from one of them"
            except OSError:
                pass
        return None

    def refused_anywhere(path: str, mode) -> str | None:
        """``refused``, and for a relative name given to ``os.open`` (``mode`` None) also
        relative to every folder this process holds open: ``dir_fd=`` is not in the event."""
        why = refused(path, mode)
        if why or mode is not None or isabs(path) or not isdir(fd_folder):
            return why
        for fd in listdir(fd_folder):
            try:
                folder = readlink(os.path.join(fd_folder, fd))
            except OSError:
                continue
            if isabs(folder) and isdir(folder):
                why = refused(os.path.join(folder, path), mode)
                if why:
                    return why
        return None

    def check(path, mode) -> None:
        if not isinstance(path, (str, bytes)):
            return  # a file descriptor: its open was checked
        me = get_ident()
        if me in busy:
            return  # the hook's own read of a candidate
        busy.add(me)
        try:  # a stat and a realpath first: walking the stack costs more (f_code is audited)
            why = refused_anywhere(fsdecode(path), mode)
        finally:
            busy.discard(me)
        if why and learner_on_stack():
            message = read_refused.format(what=why)
            if getframe(2).f_code.co_filename not in quiet_readers:
                refusals.append(message)  # not linecache: a traceback's lines are left out
            raise PermissionError(message)

    memory_events = frozenset({"sys._getframe", "sys._current_frames", *memory_whats, *code_events})
    watched_attrs = frozenset({*frame_attrs, "__code__"})

    def hook(event: str, args) -> None:
        if event == "object.__getattr__":
            if args[1] in watched_attrs:
                memory(event, args)
        elif event in memory_events:
            memory(event, args)
        elif event == refusals_event:
            args[0].extend((len(refusals), tuple(refusals)))
        elif event == "open":
            check(args[0], args[1])
        elif event in move_events:  # moving or hard-linking a file would hide its layout
            check(args[0], None)
        elif event in spawn_events and not confined_runner(event, args) and learner_on_stack():
            raise PermissionError("the code under test may not start processes")
        elif event in net_events and _outbound(event, args) and learner_on_stack():
            raise PermissionError(
                "the code under test may not use the network (only loopback is allowed)"
            )

    _installed["key"] = key
    sys.addaudithook(hook)
