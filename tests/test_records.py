"""The shared result records: their schema rejects what readers could not use (issue 18)."""

from __future__ import annotations

import jsonschema
import pytest

from grader.core import records

CHECK = {
    "id": "test_bpe.py::test_x",
    "title": "x",
    "points": 1,
    "passed": True,
    "hidden": False,
    "message": "",
    "duration_s": 0.1,
}


def _report(**check):
    return {
        "score": 1,
        "max_score": 1,
        "topics": {"t1_tokens": {"score": 1, "max_score": 1, "checks": [{**CHECK, **check}]}},
    }


def test_a_valid_report_passes():
    records.validate("check_report", _report())


@pytest.mark.parametrize(
    "bad",
    [{"passed": "yes"}, {"points": -1}, {"id": "bpe::x"}, {"secret_source": "def test_x(): ..."}],
)
def test_a_malformed_or_leaky_check_is_rejected(bad):
    with pytest.raises(jsonschema.ValidationError):
        records.validate("check_report", _report(**bad))


def test_writes_are_whole_or_absent(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    records.write_json(path, {"a": 1})

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(records.os, "replace", crash)
    with pytest.raises(OSError):
        records.write_json(path, {"a": 2})
    assert path.read_text() == '{\n "a": 1\n}'
