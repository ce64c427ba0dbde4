"""A learner's crashing or hanging code costs only the checks it touches."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import textwrap

import pytest

from grader.core import results, topics
from grader.run import runner, sandbox

TOPIC = "t1_tokens"


def _submission(tmp_path, module: str, extra_source: str):
    shutil.copytree(topics.solutions_dir() / TOPIC, tmp_path / TOPIC)
    path = tmp_path / TOPIC / module
    path.write_text(path.read_text() + "\n" + textwrap.dedent(extra_source))
    return tmp_path


SEGFAULTING_SOFTMAX = """
    import os, signal
    def softmax(logits, temperature=1.0):
        os.kill(os.getpid(), signal.SIGSEGV)
"""


@pytest.mark.timeout(300)
def test_a_segfault_scores_what_ran_before_it(tmp_path):
    target = _submission(tmp_path, "sampling.py", SEGFAULTING_SOFTMAX)
    outcome = runner.run_topic(TOPIC, target=str(target))
    assert "SIGSEGV" in (outcome["error"] or "")
    assert any(c["passed"] for c in outcome["checks"]), "checks that ran before the crash were lost"
    assert any("SIGSEGV" in c["message"] for c in outcome["checks"] if not c["passed"])


@pytest.mark.timeout(600)
def test_per_file_a_crash_costs_only_the_crashing_files_checks(tmp_path):
    """One process for the topic first; when it breaks, each file again in its own process."""
    target = _submission(tmp_path, "sampling.py", SEGFAULTING_SOFTMAX)
    outcome = runner.run_topic(TOPIC, target=str(target), per_file=True)
    bpe = [c for c in outcome["checks"] if c["id"].startswith("test_bpe")]
    assert bpe and all(c["passed"] for c in bpe), [c["message"] for c in bpe if not c["passed"]]
    assert "test_sampling" in (outcome["error"] or "") and "SIGSEGV" in outcome["error"]
    assert "test_bpe" not in outcome["error"]


@pytest.mark.timeout(300)
def test_an_endless_loop_times_out_with_a_clear_message(tmp_path):
    target = _submission(
        tmp_path,
        "sampling.py",
        """
        def top_k_filter(logits, k):
            while True:
                pass
    """,
    )
    outcome = runner.run_topic(TOPIC, target=str(target), extra=("--timeout=3", "-k", "top_k"))
    stuck = [c for c in outcome["checks"] if not c["passed"]]
    assert stuck and all("timed out after 3 s" in c["message"] for c in stuck), [
        f"{c['id']}: {c['message']}" for c in stuck
    ]


@pytest.mark.timeout(300)
def test_a_syntax_error_fails_each_check_with_its_location(tmp_path):
    target = _submission(tmp_path, "bpe.py", "def broken(:\n")
    outcome = runner.run_topic(TOPIC, target=str(target), extra=("-k", "bpe"))
    assert outcome["error"] is None
    failing = [c for c in outcome["checks"] if not c["passed"]]
    assert failing and all(
        "SyntaxError" in c["message"] and "bpe.py" in c["message"] for c in failing
    )


def test_hidden_check_messages_never_show_source():
    with pytest.raises(AssertionError) as bare:
        raise AssertionError("assert secret_oracle(x) == 3\n +  where 2 = secret_oracle(1)")
    with pytest.raises(AssertionError) as worded:
        raise AssertionError("merges differ at merge 7 — expected (b'e', b' ')\nassert False")
    assert "secret_oracle" not in results.failure_message(bare, hidden=True)
    assert "secret_oracle" in results.failure_message(bare, hidden=False)
    assert (
        results.failure_message(worded, hidden=True)
        == "merges differ at merge 7 — expected (b'e', b' ')"
    )


@pytest.mark.timeout(300)
def test_a_timeout_a_library_turns_into_another_error_is_still_a_timeout(tmp_path):
    """Told by the timer the plugin saw armed, not by the text of the exception that came out."""
    target = _submission(
        tmp_path,
        "sampling.py",
        """
        def top_k_filter(logits, k):
            failed = False
            try:
                while True:
                    pass
            except BaseException:   # a library that swallows the timeout and raises its own error
                failed = True
            if failed:
                raise RuntimeError("Failed to import transformers.models.gpt2")
    """,
    )
    outcome = runner.run_topic(TOPIC, target=str(target), extra=("--timeout=3", "-k", "top_k"))
    stuck = [c for c in outcome["checks"] if not c["passed"]]
    assert stuck and all("timed out after 3 s" in c["message"] for c in stuck), [
        f"{c['id']}: {c['message']}" for c in stuck
    ]


@pytest.mark.skipif(
    not sandbox.hardened_available(), reason="file sizes are limited by the Linux supervisor"
)
def test_a_file_larger_than_the_limit_cannot_be_written(tmp_path):
    """RLIMIT_FSIZE: Python ignores SIGXFSZ, so the write fails with EFBIG and the file stops
    at the limit (a native writer that does not ignore it is killed: see _describe_exit)."""
    script = "open('big.bin', 'wb').write(b'x' * (3 * 1024 * 1024)); print('wrote it')"
    outcome = sandbox.run_isolated(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=dict(os.environ),
        limits=sandbox.Limits(timeout_s=60, file_mb=1),
    )
    assert outcome.returncode == 1 and "File too large" in outcome.output
    assert "wrote it" not in outcome.output
    assert (tmp_path / "big.bin").stat().st_size <= 1024 * 1024
    killed = sandbox.run_isolated(
        [
            sys.executable,
            "-c",
            "import os, signal; signal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n"
            "fd = os.open('big.bin', os.O_WRONLY | os.O_CREAT)\n"
            "while True: os.write(fd, b'x' * 65536)",
        ],
        cwd=tmp_path,
        env=dict(os.environ),
        limits=sandbox.Limits(timeout_s=60, file_mb=1),
    )
    assert killed.returncode == -signal.SIGXFSZ
    assert "too large a file" in runner._describe_exit(killed.returncode)
