"""``llm-grader doctor``: the environment against pyproject's ranges and the lock."""

from __future__ import annotations

from rich.console import Console

from grader.core import topics
from grader.learner import doctor


def _console():
    return Console(width=120, record=True, force_terminal=False)


def test_this_environment_is_the_locked_one():
    """CI installs from constraints.txt, so every locked library must match exactly."""
    findings = doctor.check_lock(topics.project_root()) + doctor.check_ranges()
    off = [f"{f.what}: {f.found}" for f in findings if f.level != "ok"]
    assert not off, "the installed versions differ from constraints.txt:\n" + "\n".join(off)


def test_a_version_outside_the_declared_range_is_an_error_with_the_fix():
    def old_transformers(name):
        return "4.56.0" if name == "transformers" else doctor._installed(name)

    findings = doctor.check_ranges(version_of=old_transformers)
    assert [f.what for f in findings] == ["transformers"]
    console = _console()
    assert doctor.print_findings(console, findings) == 1
    text = console.export_text()
    assert "4.56.0, outside" in text and doctor.FIX in text


def test_a_version_off_the_lock_is_a_warning_not_an_error():
    def newer_trl(name):
        return "1.99.0" if name == "trl" else doctor._installed(name)

    findings = doctor.check_lock(topics.project_root(), version_of=newer_trl)
    trl = next(f for f in findings if f.what == "trl")
    assert trl.level == "warn" and "lock:" in trl.found
    assert doctor.print_findings(_console(), findings) == 0


def test_the_lock_pins_every_declared_dependency_inside_its_range():
    pins = doctor.read_lock(topics.project_root() / doctor.LOCK)
    for req in doctor.declared_ranges():
        name = doctor.canonicalize_name(req.name)
        assert name in pins, f"{req.name} is declared but not locked"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"the lock's {req.name}=={pins[name]} is outside the declared {req.specifier}"
        )
