"""docs/instructor.md's wheelhouse commands (issue 25.6), read from the doc and parsed by pip.

No download here (the CPU index is not reachable offline): `bench/wheelhouse.py` runs the
documented Linux command's shape against PyPI with a small package instead.
"""

from __future__ import annotations

import re
import shlex

import pytest

from grader.core import topics

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
DOC = topics.project_root() / "docs" / "instructor.md"


def commands(text: str) -> list[list[str]]:
    """Every command line of the doc's ```bash blocks, continuations joined, comments dropped."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                found.append(words)
    return found


def pip_download(words: list[str]):
    """pip's own parser of `pip download` (options, requirements), ignoring this machine's
    pip configuration."""
    from pip._internal.commands import create_command

    assert words[:2] == ["pip", "download"], words
    return create_command("download", isolated=True).parse_args(words[2:])


def torch_pin() -> str:
    lock = (topics.project_root() / "constraints.txt").read_text(encoding="utf-8")
    return "torch==" + re.search(r"(?m)^torch==(\S+)", lock).group(1)


@pytest.fixture(scope="module")
def doc():
    text = DOC.read_text(encoding="utf-8")
    downloads = {}
    for words in commands(text):
        if words[:2] == ["pip", "download"]:
            options, args = pip_download(words)
            downloads[tuple(options.platforms or ())] = (options, args, words)
    return text, downloads


def test_one_wheelhouse_per_os_and_python_version_binaries_only(doc):
    _, downloads = doc
    assert {p[0].split("_")[0] for p in downloads if p} >= {"manylinux", "macosx", "win"}, (
        downloads.keys()
    )
    folders = set()
    for platforms, (options, args, words) in downloads.items():
        assert len(platforms) == 1, f"one platform per wheelhouse: {' '.join(words)}"
        assert options.python_version, f"--python-version missing: {' '.join(words)}"
        py = ".".join(map(str, options.python_version))
        assert options.format_control.only_binary == {":all:"}, (
            f"--only-binary=:all: missing: {' '.join(words)}"
        )
        assert options.download_dir.endswith(f"-py{py}"), "the folder names its Python version"
        assert torch_pin() in args and "./workshop" in args, "the lock's torch and the release"
        assert "workshop/constraints.txt" in options.constraints
        folders.add(options.download_dir)
    assert len(folders) == len(downloads), "each platform gets its own wheelhouse folder"


def test_the_linux_wheelhouse_takes_torch_from_the_cpu_index(doc):
    text, downloads = doc
    (linux,) = [v for p, v in downloads.items() if p and p[0].startswith("manylinux")]
    options = linux[0]
    assert options.platforms[0].endswith("_x86_64")
    assert options.index_url == CPU_INDEX, "the Linux wheelhouse would hold the CUDA build of torch"
    assert "https://pypi.org/simple" in options.extra_index_urls, (
        "the other packages come from PyPI"
    )
    for platforms, (other, _, words) in downloads.items():
        if tuple(platforms) != tuple(options.platforms):
            assert other.index_url != CPU_INDEX, (
                f"only Linux needs the CPU index: {' '.join(words)}"
            )
    # impossible to miss: a bold warning with the cost, before the command
    warning = re.search(r"\*\*Linux: take torch from the CPU index\.\*\*(.*?)```", text, re.DOTALL)
    assert warning and "2.7 GB" in warning.group(1) and CPU_INDEX in warning.group(1)
    assert text.index(warning.group(0)) < text.index("--platform manylinux")
    checks = [w for w in commands(text) if w[:1] == ["ls"] and options.download_dir in w]
    assert checks, "a step that shows the wheelhouse holds no CUDA package"


def test_learners_install_from_the_wheelhouse_without_network(doc):
    text, downloads = doc
    installs = [w for w in commands(text) if w[:2] == ["pip", "install"] and "--no-index" in w]
    folders = {o.download_dir for o, _, _ in downloads.values()}
    assert installs and all(w[w.index("--find-links") + 1] in folders for w in installs), installs
    assert any(torch_pin() in w for w in installs) and any("workshop/" in w for w in installs)
