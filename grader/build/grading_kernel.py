"""nbgrader's grading kernel, confined before the first cell runs.

    c.Execute.extra_arguments = ["--InteractiveShellApp.extra_extensions=grader.build.grading_kernel",
                                 "--InteractiveShellApp.reraise_ipython_extension_failures=True"]

Every cell of a submission is the learner's, so while nbgrader executes it the whole kernel
process is treated as learner code (``guard.install(..., whole_process=True)``): reading the
reference solutions, the hidden checks, the course's source notebooks, gradebook, other
learners' submissions and feedback (by path, by layout or by content) raises
PermissionError, and so does starting a process or reaching the network. Files may be
written only inside a folder private to the kernel (``tempfile`` points there) and the
notebook's own folder: not the instructor checkout (the grader package the trusted check
run imports, the checks), not the course. The score does not come from this kernel at all
(``nbgrader_grading.TrustedScores``); this keeps the learner's outputs, which end up in the
feedback, from carrying the instructor's files, and the learner's code from changing what
grades the next learner.

Native code (a C extension, ``ctypes`` calls into libc) is not seen by audit hooks: the
feedback is redacted as a second line (``nbgrader_grading.redact_outputs``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from grader.core import guard, topics
from grader.run import notebook_modules

COURSE_ENV = "LLM_GRADER_COURSE_DIR"  # set by the generated nbgrader_config.py
COURSE_SECRETS = ("source", "gradebook.db", "submitted", "feedback")
WRITE_REFUSED = (
    "the notebook's code may write files only in its own folder and the "
    "kernel's temporary folder while it is graded, not {path}"
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PATH_EVENTS = {  # event -> indexes of the arguments that name a path written or removed
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.rename": (0, 1),
    "os.link": (0, 1),
    "os.symlink": (1,),
    "os.truncate": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.utime": (0,),
    "os.chflags": (0,),
    "os.lchflags": (0,),
    "os.lchmod": (0,),
    "os.setxattr": (0,),
    "os.removexattr": (0,),
    "shutil.rmtree": (0,),
    "shutil.copyfile": (1,),
    "shutil.copytree": (1,),
    "shutil.copymode": (1,),
    "shutil.copystat": (1,),
    "shutil.chown": (0,),
    "sqlite3.connect": (0,),
}
DIR_FDS = {  # event -> index of the dir_fd argument of each path above
    "os.remove": (1,),
    "os.rmdir": (1,),
    "os.mkdir": (2,),
    "os.rename": (2, 3),
    "os.link": (2, 3),
    "os.symlink": (2,),
    "os.chmod": (2,),
    "os.chown": (3,),
    "os.utime": (3,),
    "shutil.rmtree": (1,),
}


def protected() -> list[Path]:
    """What the grading kernel may not read: the instructor checkout's reference and hidden
    checks, and the course's secrets (when nbgrader_config.py names the course folder)."""
    found = [topics.solutions_dir(), topics.checks_dir()]
    course = os.environ.get(COURSE_ENV)
    if course:
        found += [Path(course) / name for name in COURSE_SECRETS if (Path(course) / name).exists()]
    return [p for p in found if p.exists()]


def confine_writes(allowed: list[Path]) -> None:
    """An audit hook refusing, to every frame of this process, writing, removing, linking or
    re-moding files outside ``allowed`` folders (and /dev); creating symbolic links at all."""
    realpath, isabs, join, getcwd, fsdecode = (
        os.path.realpath,
        os.path.isabs,
        os.path.join,
        os.getcwd,
        os.fsdecode,
    )
    listdir, readlink, isdir = os.listdir, os.readlink, os.path.isdir
    roots = tuple(os.path.join(realpath(p), "") for p in allowed) + ("/dev/",)

    def inside(path: str) -> bool:
        return os.path.join(realpath(path), "").startswith(roots)

    def refuse(path) -> None:
        raise PermissionError(WRITE_REFUSED.format(path=path))

    def name(path) -> str | None:
        if not isinstance(path, (str, bytes, os.PathLike)):
            return None  # a descriptor: its open was checked
        path = fsdecode(os.fspath(path))
        if path.startswith("file:"):  # sqlite3 URIs
            path = path[5:].split("?", 1)[0]
        return None if path in ("", ":memory:") else path

    def check(path, dir_fd=None, any_fd=False) -> None:
        path = name(path)
        if path is None:
            return
        if isabs(path):
            bases = [""]
        elif isinstance(dir_fd, int):
            try:
                bases = [readlink(f"/proc/self/fd/{dir_fd}")]
            except OSError:
                refuse(path)
        else:
            bases = [getcwd()]
            if any_fd and isdir("/proc/self/fd"):  # os.open(name, dir_fd=...): not in the event
                for fd in listdir("/proc/self/fd"):
                    try:
                        folder = readlink(f"/proc/self/fd/{fd}")
                    except OSError:
                        continue
                    if isabs(folder) and isdir(folder):
                        bases.append(folder)
        for base in bases:
            if not inside(join(base, path) if base else path):
                refuse(path)

    def hook(event: str, args) -> None:
        if event == "os.symlink":  # a link in an allowed folder would lead writes outside
            refuse(args[1] if len(args) > 1 else args)
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, 0))[:3]
            writes = (
                any(c in mode for c in "wax+")
                if isinstance(mode, str)
                else bool((flags or 0) & _WRITE_FLAGS)
            )
            if writes:
                check(path, any_fd=mode is None)
        elif event in PATH_EVENTS:
            fds = DIR_FDS.get(event, ())
            for n, i in enumerate(PATH_EVENTS[event]):
                if i < len(args):
                    fd_at = fds[min(n, len(fds) - 1)] if fds else None
                    check(args[i], args[fd_at] if fd_at is not None and fd_at < len(args) else None)

    sys.addaudithook(hook)


def load_ipython_extension(ipython) -> None:
    """Confine this kernel (see the module's docstring) and register ``%%module``."""
    private = Path(tempfile.mkdtemp(prefix="llm-grading-kernel-"))
    atexit.register(shutil.rmtree, private, True)
    (private / "modules").mkdir()
    os.environ["MPLCONFIGDIR"] = str(private / "matplotlib")
    os.environ["TMPDIR"] = str(private)
    tempfile.tempdir = str(private)
    notebook_modules._state["root"] = private / "modules"
    guard.install(private, protected(), public=[topics.exercises_dir()], whole_process=True)
    confine_writes([private, Path.cwd()])
    notebook_modules.register_module_magic(ipython)
