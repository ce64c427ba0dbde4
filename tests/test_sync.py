"""Stub generation, drift detection, and never losing a learner's edits."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from grader import cli
from grader.build import sync
from grader.core import regions, topics

SOURCE = textwrap.dedent('''\
    """A module."""

    GIVEN = 3


    def double(x: int) -> int:
        """Twice x."""
        ### BEGIN SOLUTION (task 2)
        return 2 * x
        ### END SOLUTION


    class Box:
        def size(self) -> int:
            """The size."""
            ### BEGIN SOLUTION (task 5)
            return GIVEN
            ### END SOLUTION
''')


def test_regions_become_stubs_that_name_function_and_task():
    stub = sync.make_stub(SOURCE, "t9_demo/demo.py")
    assert "return 2 * x" not in stub and "return GIVEN" not in stub
    assert '"""Twice x."""' in stub and "def double(x: int) -> int:" in stub and "GIVEN = 3" in stub
    namespace: dict = {}
    exec(compile(stub, "demo.py", "exec"), namespace)
    with pytest.raises(
        NotImplementedError, match=r"double — task 2 in exercises/t9_demo/README.md"
    ):
        namespace["double"](1)
    with pytest.raises(NotImplementedError, match=r"Box.size — task 5"):
        namespace["Box"]().size()


def test_file_without_regions_is_copied_verbatim():
    assert sync.make_stub("X = 1\n", "t9_demo/given.py") == "X = 1\n"


@pytest.mark.parametrize(
    "bad,problem",
    [
        ("def f():\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION\n", "task number"),
        ("def f():\n    ### BEGIN SOLUTION (task 1)\n    pass\n", "never closed"),
        (
            "def f():\n    ### BEGIN SOLUTION (task 1)\n    ### BEGIN SOLUTION (task 1)\n    pass\n",
            "nested",
        ),
        ("### BEGIN SOLUTION (task 1)\nX = 1\n### END SOLUTION\n", "inside a function"),
    ],
)
def test_malformed_regions_are_reported(bad, problem):
    with pytest.raises(sync.SyncError, match=problem):
        sync.make_stub(bad, "t9_demo/bad.py")


def test_the_repository_is_in_sync():
    assert cli.main(["sync", "--check"]) == 0


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A copy of the course (solutions + exercises) to edit freely."""
    for folder in ("solutions", "exercises"):
        shutil.copytree(
            topics.project_root() / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    monkeypatch.setenv("LLM_WORKSHOP_ROOT", str(tmp_path))
    return tmp_path


def _a_module(root):
    path = next(
        p for p in sorted((root / "solutions").rglob("*.py")) if regions.BEGIN in p.read_text()
    )
    return path, root / "exercises" / path.relative_to(root / "solutions")


def test_editing_a_solution_without_syncing_is_drift(workspace):
    solution, stub = _a_module(workspace)
    solution.write_text(solution.read_text().replace('"""', '"""Changed. ', 1))
    assert cli.main(["sync", "--check"]) == 1
    assert cli.main(["sync"]) == 0
    assert cli.main(["sync", "--check"]) == 0
    assert stub.read_text().startswith('"""Changed.')


def test_sync_keeps_the_learners_edits_unless_forced(workspace):
    solution, stub = _a_module(workspace)
    stub.write_text(stub.read_text() + "\n# my work\n")
    solution.write_text(solution.read_text() + "\n# a new line in the reference\n")
    assert cli.main(["sync"]) == 0
    assert "# my work" in stub.read_text(), "sync overwrote a learner's edited stub"
    assert cli.main(["sync", "--force"]) == 0
    assert (
        "# my work" not in stub.read_text() and "# a new line in the reference" in stub.read_text()
    )


def test_untouched_stale_stubs_are_updated(workspace):
    solution, stub = _a_module(workspace)
    solution.write_text(solution.read_text() + "\n# a new line in the reference\n")
    assert cli.main(["sync"]) == 0
    assert "# a new line in the reference" in stub.read_text()


def test_reset_restores_stubs_and_keeps_a_backup(workspace):
    solution, stub = _a_module(workspace)
    pristine = stub.read_text()
    stub.write_text(pristine + "\n# my work\n")
    topic = stub.parent.name
    assert cli.main(["reset", topic, "--yes"]) == 0
    assert stub.read_text() == pristine
    backups = list((workspace / ".llm-grader" / "backups").glob(f"{topic}-*/{stub.name}"))
    assert len(backups) == 1 and "# my work" in backups[0].read_text()


def test_the_markers_are_read_in_one_place():
    """regions.task_of / tasks / regions: every scan of the reference's regions goes through them."""
    source = (
        "def f():\n    ### BEGIN SOLUTION (task 2)\n    return 1\n    ### END SOLUTION\n\n"
        "def g():\n    ### BEGIN SOLUTION (Task 10)\n    x = 2\n    return x\n    ### END SOLUTION\n"
    )
    assert regions.task_of("    ### BEGIN SOLUTION (task 2)") == 2
    assert (
        regions.task_of("    ### BEGIN SOLUTION") is None
        and regions.task_of("x = 1  # (task 3)") is None
    )
    assert regions.tasks(source) == {2, 10}
    assert [r.split() for r in regions.regions(source)] == [
        ["return", "1"],
        ["x", "=", "2", "return", "x"],
    ]


def test_no_grader_module_reads_as_a_solution_region():
    """The release ships grader/: a docstring naming the BEGIN marker and a later comment
    naming the END marker would read as a region (the release test refuses it, slowly)."""
    found = [
        p
        for p in (topics.project_root() / "grader").rglob("*.py")
        if regions.regions(p.read_text(encoding="utf-8"))
    ]
    assert not found, found
