"""apply_mutant's REPLACE patches: a one-line mistake without copying the function around it."""

from __future__ import annotations

import pytest

from grader.build import authoring
from grader.core import topics

TOPIC = "t7_trends"


def _mutant(tmp_path, body: str):
    path = tmp_path / "m.py"
    path.write_text('"""a mistake"""\nMODULE = "trends.py"\n' + body, encoding="utf-8")
    return path


def test_replace_patches_the_reference_text(tmp_path):
    mutant = _mutant(
        tmp_path,
        'REPLACE = [("return 10.0 ** self.ooms_per_year", '
        '"return math.exp(self.ooms_per_year)")]\n',
    )
    authoring.apply_mutant(mutant, TOPIC, tmp_path / "out")
    text = (tmp_path / "out" / TOPIC / "trends.py").read_text(encoding="utf-8")
    reference = (topics.solutions_dir() / TOPIC / "trends.py").read_text(encoding="utf-8")
    assert "return math.exp(self.ooms_per_year)" in text
    assert text == reference.replace(
        "return 10.0 ** self.ooms_per_year", "return math.exp(self.ooms_per_year)"
    )


@pytest.mark.parametrize(
    "old,says", [("this text is nowhere", "does not stand"), ("self.ooms_per_year", "stands")]
)
def test_replace_text_must_stand_exactly_once(tmp_path, old, says):
    mutant = _mutant(tmp_path, f"REPLACE = [({old!r}, 'x')]\n")
    with pytest.raises(ValueError, match=f"m.py: REPLACE text {says}.*exactly once"):
        authoring.apply_mutant(mutant, TOPIC, tmp_path / "out")


def test_replace_must_be_pairs_of_text(tmp_path):
    mutant = _mutant(tmp_path, "REPLACE = ['old only']\n")
    with pytest.raises(ValueError, match="REPLACE is a non-empty list"):
        authoring.apply_mutant(mutant, TOPIC, tmp_path / "out")
