"""``llm-grader``: the learner's and instructor's command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader.core import offline

offline.apply()

from rich.console import Console  # noqa: E402
from rich.markup import escape

from grader.core import records, topics  # noqa: E402
from grader.core.results import GRADESCOPE_VISIBILITIES  # noqa: E402

console = Console(highlight=False)


def _topics_arg(values: list[str]) -> list[str]:
    if not values:
        return topics.available_topics()
    return [topics.resolve_topic(v) for v in values]


def cmd_check(args) -> int:
    """llm-grader check: run topics' checks on a target, print and save the results."""
    from grader.learner import report
    from grader.run import runner

    selected = _topics_arg(args.topics)
    target = topics.resolve_target(args.target)
    console.print(f"Checking {', '.join(selected)} against [bold]{target.name}[/] ({target.root})")
    with console.status("running checks…") as status:

        def progress(topic, outcome):
            status.update(f"finished {topic}; running the next topic…")

        result = runner.run_checks(
            selected,
            target=args.target or "exercises",
            include_hidden=not args.visible_only,
            on_topic=progress,
        )
    report.print_report(console, result, verbose=args.verbose)
    if args.json:
        records.write_json(Path(args.json), report.public_json(result))
        console.print(f"JSON written to {args.json}")
    if target.name == "exercises":
        report.save_progress(result)
    complete = result["max_score"] > 0 and result["score"] == result["max_score"]
    return 0 if complete and not any("error" in t for t in result["topics"].values()) else 1


def cmd_status(args) -> int:
    """llm-grader status: the progress saved by the last checks."""
    from grader.learner import report

    report.print_status(console, report.load_progress())
    return 0


def cmd_hint(args) -> int:
    """llm-grader hint: reveal a task's next hint."""
    from grader.learner import hints

    return hints.show(console, topics.resolve_topic(args.topic), args.task, reset=args.reset)


def cmd_watch(args) -> int:
    """llm-grader watch: rerun a topic's visible tests whenever a file is saved."""
    from grader.learner import watch

    return watch.watch_topic(console, topics.resolve_topic(args.topic), args.target)


def cmd_sync(args) -> int:
    """llm-grader sync: regenerate exercises/ stubs from solutions/ (--check: report drift)."""
    from grader.build import sync

    selected = _topics_arg(args.topics)
    exercises = topics.exercises_dir()
    try:
        files = sync.plan(selected, exercises)
    except sync.SyncError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    if args.check:
        drifted = [f for f in files if f.status != "up-to-date"]
        for f in drifted:
            console.print(
                f"[red]drift[/] exercises/{f.rel}: {f.status} "
                f"(run `llm-grader sync` after changing solutions/)"
            )
        if not drifted:
            console.print(f"exercises/ is in sync with solutions/ ({len(files)} files)")
        return 1 if drifted else 0
    outcome = sync.write_stubs(files, exercises, force=args.force)
    for rel in outcome["written"]:
        console.print(f"[green]wrote[/] exercises/{rel}")
    for rel in outcome["kept"]:
        console.print(
            f"[yellow]kept[/] exercises/{rel}: it has your edits "
            f"(`llm-grader reset TOPIC` replaces it and keeps a backup)"
        )
    console.print(
        f"{len(outcome['written'])} written, {len(outcome['kept'])} kept, "
        f"{len(outcome['unchanged'])} unchanged"
    )
    return 0


def _confirm(question: str) -> bool | None:
    """y/N on an interactive terminal; None when stdin is not one (nobody to ask)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    console.print(question, end="", markup=False, soft_wrap=True)
    try:
        return input().strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _files(n: int) -> str:
    return f"{n} file" + ("" if n == 1 else "s")


def cmd_reset(args) -> int:
    """llm-grader reset: restore a topic's stubs, backing up the learner's edited files."""
    from grader.build import sync

    topic = topics.resolve_topic(args.topic)
    root = topics.project_root()  # one root for everything below: read, back up, write
    exercises = root / "exercises"
    files = [f for f in sync.plan([topic], exercises) if f.status != "up-to-date"]
    if not files:
        console.print(
            f"{topic}: the stubs in {exercises / topic} are untouched; nothing to reset",
            soft_wrap=True,
        )
        return 0
    edited = [f.rel for f in files if f.status == "edited"]
    backups = root / ".llm-grader" / "backups"
    what = f"{_files(len(files))} in {exercises / topic} replaced by the stubs" + (
        f"; your {_files(len(edited))} with edits saved first in {backups}" if edited else ""
    )
    if not args.yes:
        answer = _confirm(f"Reset {topic}? {what}. Continue? [y/N] ")
        if answer is None:
            raise topics.UsageError(
                f"reset would replace files: {what}. Run it in a terminal to "
                f"confirm, or add --yes: llm-grader reset {args.topic} --yes"
            )
        if not answer:
            console.print("Nothing changed.")
            return 1
    saved = sync.backup(topic, exercises, only=edited, state=root / ".llm-grader")
    sync.write_stubs(files, exercises, force=True)
    if saved:
        console.print(f"Your previous files are saved in {saved}", soft_wrap=True)
    console.print(f"{topic}: stubs restored ({len(files)} files replaced)")
    return 0


def cmd_score(args) -> int:
    """llm-grader score: grade a folder of submissions."""
    from grader.cohort import score
    from grader.run import sandbox

    if not Path(args.submissions).is_dir():
        raise topics.UsageError(f"{args.submissions} is not a folder of submissions")
    settings = score.Settings(
        topics=score.resolve_topics(args.topics),
        jobs=args.jobs or score.default_jobs(),
        limits=sandbox.Limits(timeout_s=args.timeout, memory_mb=args.memory or None),
        force=args.force,
        hidden_visibility=args.hidden_visibility,
        similarity=not args.no_similarity,
    )
    score.run(Path(args.submissions), Path(args.out), settings, console)
    console.print(f"Grades, feedback and the cohort report are in {args.out}/")
    return 0


def cmd_slides(args) -> int:
    """llm-grader slides: build the decks (HTML, PDF)."""
    from grader.build import slides

    out = Path(args.out) if args.out else slides.slides_dir() / "build"
    try:
        built = slides.build(
            out, pdf=args.pdf, selected=_topics_arg(args.topics), say=console.print
        )
    except slides.SlidesError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 1
    console.print(f"{len(built)} decks in {out}/ (open {out / 'index.html'})")
    return 0


def cmd_release(args) -> int:
    """llm-grader release: write the learner distribution."""
    from grader.build import release, slides

    try:
        out = release.build_with_progress(Path(args.out), _topics_arg(args.topics), console)
    except (release.ReleaseError, slides.SlidesError) as exc:
        console.print(f"[red]error:[/] {exc}")
        return 1
    console.print(f"Learners: cd {out} && pip install -e . && pytest exercises/t1_tokens")
    return 0


def cmd_gradescope(args) -> int:
    """llm-grader gradescope: an autograder zip for Gradescope."""
    from grader.build import gradescope

    try:
        built = gradescope.build(
            Path(args.out),
            _topics_arg(args.topics),
            hidden_visibility=args.hidden_visibility,
            timeout_s=args.timeout,
            memory_mb=args.memory,
            total_s=args.total_timeout,
        )
    except gradescope.GradescopeError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 1
    console.print(
        f"Gradescope autograder of {', '.join(built['topics'])}: {built['path']} "
        f"({built['bytes'] / 1e6:.1f} MB, {len(built['files'])} files). Set the "
        f"assignment's timeout above {built['total_s']:g} s; see docs/platforms.md",
        soft_wrap=True,
    )
    return 0


def cmd_classroom(args) -> int:
    """llm-grader classroom: a GitHub Classroom starter (the release and its workflow)."""
    from grader.build import classroom, release, slides

    log = release.log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        built = classroom.build(
            Path(args.out),
            _topics_arg(args.topics),
            log=log,
            say=lambda text: console.print(text, markup=False),
            phase=lambda text: console.print(f"… {text}", markup=False),
        )
    except (classroom.ClassroomError, release.ReleaseError, slides.SlidesError) as exc:
        console.print(f"[red]error:[/] {exc}")
        return 1
    points = ", ".join(f"{t} {p:g}" for t, p in built["points"].items())
    console.print(
        f"GitHub Classroom starter in {built['path']} (visible points: {points}); "
        f"push it as the assignment's template repository, see docs/platforms.md",
        soft_wrap=True,
    )
    return 0


def cmd_nbgrader_build(args) -> int:
    """llm-grader nbgrader build: write the nbgrader course."""
    from grader.build import nbgrader_course

    course = Path(args.course_dir)
    manifest = nbgrader_course.build(
        course,
        selected=_topics_arg(args.topics),
        say=lambda text: console.print(text, markup=False),
    )
    console.print(f"nbgrader course in {course}/: see docs/nbgrader.md for the next steps")
    return 1 if manifest["failed"] else 0


def cmd_notebooks(args) -> int:
    """llm-grader notebooks: one notebook per topic, a check cell under every task."""
    from grader.build import learner_notebooks

    target = args.target
    if target not in ("exercises", "solutions"):
        topics.resolve_target(target)  # a folder that exists, or a usage error
    selected = _topics_arg(args.topics)
    written = learner_notebooks.build(
        Path(args.out_dir),
        selected,
        target=target,
        install_from=args.install_from,
        say=lambda text: console.print(text, markup=False),
    )
    console.print(
        f"{len(written)} notebook(s) in {args.out_dir}/: open one in Jupyter, VS Code "
        "or Colab (docs/notebooks.md)"
    )
    return 0 if len(written) == len(selected) else 1


def cmd_export(args) -> int:
    """llm-grader export: a notebook's modules as a folder to check or score."""
    from grader.run import notebook_modules

    source, dest = Path(args.notebook), Path(args.dest)
    if not source.is_file():
        raise topics.UsageError(f"{source} is not a notebook file")
    try:
        notebook_modules.export(source, dest)
        names = sorted(
            notebook_modules.notebook_modules(json.loads(source.read_text(encoding="utf-8")))
        )
    except (ValueError, notebook_modules.ExportError) as exc:
        raise topics.UsageError(f"{source}: {exc}") from exc
    console.print(
        f"wrote {', '.join(names)} into {dest}/; check it with "
        f"`llm-grader check N --target {dest}`",
        soft_wrap=True,
    )
    return 0


def cmd_doctor(args) -> int:
    """llm-grader doctor: check this environment against the course's needs."""
    from grader.learner import doctor

    return doctor.print_findings(console, doctor.diagnose())


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version(topics.PROJECT_NAME)
    except metadata.PackageNotFoundError:
        return "(version unknown: the llm-deep-dive package is not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per verb."""
    parser = argparse.ArgumentParser(prog="llm-grader", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="run the visible and hidden checks and show the score")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all)")
    p.add_argument(
        "--target",
        default="exercises",
        help="'exercises' (default), 'solutions', or a submission folder",
    )
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--visible-only", action="store_true", help="skip the hidden checks")
    p.add_argument(
        "-v", "--verbose", action="store_true", help="show passing checks' details and logs"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("score", help="grade a folder of submissions (instructors)")
    p.add_argument("submissions", help="a folder with one folder or .zip per learner")
    p.add_argument("--out", required=True, help="where grades, feedback and the report go")
    p.add_argument(
        "--jobs", type=int, default=0, help="learners graded at once (default: per core)"
    )
    p.add_argument("--timeout", type=float, default=600, help="seconds per learner and topic")
    p.add_argument(
        "--memory", type=int, default=4096, help="MB of address space per run (0: no limit)"
    )
    p.add_argument("--topics", nargs="*", default=[], help="topics to grade (default: all)")
    p.add_argument("--force", action="store_true", help="grade again learners already graded")
    p.add_argument(
        "--hidden-visibility",
        default="after_published",
        choices=GRADESCOPE_VISIBILITIES,
        help="when Gradescope shows the hidden checks' results (default: after_published)",
    )
    p.add_argument(
        "--no-similarity",
        action="store_true",
        help="skip similarity.md (pairs of learners with unusually alike code)",
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("status", help="progress through the topics (from the last check)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("hint", help="show the next hint for a task")
    p.add_argument("topic")
    p.add_argument("task", nargs="?", type=int, help="task number (omit to list tasks)")
    p.add_argument("--reset", action="store_true", help="hide the hints of this topic/task again")
    p.set_defaults(func=cmd_hint)

    p = sub.add_parser("watch", help="re-run a topic's visible tests whenever a file is saved")
    p.add_argument("topic")
    p.add_argument("--target", default="exercises")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("sync", help="generate exercises/ stubs from solutions/")
    p.add_argument("topics", nargs="*")
    p.add_argument("--check", action="store_true", help="exit 1 if exercises/ has drifted")
    p.add_argument("--force", action="store_true", help="also overwrite stubs you have edited")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("slides", help="build the Marp decks to offline HTML (and PDF)")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all)")
    p.add_argument("--pdf", action="store_true", help="also PDF (needs Chromium; CHROME_PATH)")
    p.add_argument("--out", help="output folder (default: slides/build)")
    p.set_defaults(func=cmd_slides)

    p = sub.add_parser(
        "release", help="write the learner distribution (no solutions, no hidden checks)"
    )
    p.add_argument("out", help="a new folder")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("gradescope", help="write a Gradescope autograder zip (instructors)")
    p.add_argument("out", help="the zip to write, e.g. autograder.zip")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all)")
    p.add_argument(
        "--hidden-visibility",
        default="after_published",
        choices=GRADESCOPE_VISIBILITIES,
        help="when learners see the hidden checks' results (default: after_published)",
    )
    p.add_argument(
        "--timeout", type=float, default=300, help="seconds per check file (default 300)"
    )
    p.add_argument("--memory", type=int, default=4096, help="MB of address space per check process")
    p.add_argument(
        "--total-timeout",
        type=float,
        default=2100,
        help="seconds for the whole submission (default 2100, under Gradescope's 40 min)",
    )
    p.set_defaults(func=cmd_gradescope)

    p = sub.add_parser(
        "classroom", help="write a GitHub Classroom starter repository (instructors)"
    )
    p.add_argument("out", help="a new folder")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all)")
    p.set_defaults(func=cmd_classroom)

    p = sub.add_parser("nbgrader", help="the exercises as an nbgrader course (instructors)")
    nb_sub = p.add_subparsers(dest="nbgrader_command", required=True)
    p = nb_sub.add_parser("build", help="write nbgrader_config.py and source/<topic>/<topic>.ipynb")
    p.add_argument("course_dir", help="the nbgrader course folder (created if missing)")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all that are ready)")
    p.set_defaults(func=cmd_nbgrader_build)

    p = sub.add_parser(
        "notebooks", help="write one notebook per topic, a check cell under every task"
    )
    p.add_argument("out_dir", help="where tN_name.ipynb go (created if missing)")
    p.add_argument("topics", nargs="*", help="topic numbers or ids (default: all that are ready)")
    p.add_argument(
        "--target",
        default="exercises",
        help="the code in the cells: 'exercises' (stubs, default), 'solutions' "
        "(the reference, for instructors), or a folder laid out like exercises/",
    )
    p.add_argument(
        "--install-from",
        default="",
        help="a git URL or folder of the workshop that the set-up cell installs when "
        "the kernel lacks it (Colab); default: none, offline",
    )
    p.set_defaults(func=cmd_notebooks)

    p = sub.add_parser(
        "export", help="write a notebook's modules into a folder laid out like exercises/"
    )
    p.add_argument(
        "notebook", help="a notebook from `llm-grader notebooks` (or the nbgrader course)"
    )
    p.add_argument("dest", help="the folder (then: llm-grader check N --target DEST)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "doctor", help="check Python, torch, library versions and the workshop folder"
    )
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("reset", help="restore a topic's stubs (keeps a backup of your files)")
    p.add_argument("topic")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_reset)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    from grader.build.release import instructor_only

    try:
        notice = topics.root_notice()
        if notice:
            print(notice, file=sys.stderr)
        if refusal := instructor_only(args.command):  # a learner release has no solutions/
            console.print(f"[red]error:[/] {refusal}", soft_wrap=True)
            return 2
        return args.func(args)
    except topics.UsageError as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
