"""The records every writer and reader of results shares: a check, a topic's result, the report
of ``llm-grader check --json``, a learner's grade from ``llm-grader score``; their one JSON
schema; and the one way results are written (atomically)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NotRequired, TypedDict


class CheckRecord(TypedDict):
    """One check's result."""

    id: str  # 'test_bpe_hidden.py::test_train_bpe_matches_reference[tiny]'
    title: str  # the check's docstring's first line, for learners
    points: float
    passed: bool
    hidden: bool
    message: str  # '' when passed; else what was expected, what came, the likely mistake
    duration_s: float
    topic: NotRequired[str]  # inside a check process, before records are grouped by topic


class TopicResult(TypedDict):
    """One topic's result: its score and its checks."""

    score: float
    max_score: float
    checks: list[CheckRecord]
    error: NotRequired[str]  # why some checks did not run (crash, time budget, ...)
    log: NotRequired[str]  # pytest's output (check -v); hidden checks' sections left out
    missing: NotRequired[list[str]]  # files a submission lacked (score)


class CheckReport(TypedDict):
    """``llm-grader check --json``."""

    score: float
    max_score: float
    topics: dict[str, TopicResult]
    target: NotRequired[str]


class LearnerGrade(TypedDict):
    """One learner's file in ``llm-grader score``'s results/ folder."""

    learner: str
    source: str
    problems: list[str]
    topics: dict[str, TopicResult]
    score: float
    max_score: float
    duration_s: float


_CHECK = {
    "type": "object",
    "required": ["id", "title", "points", "passed", "hidden", "message", "duration_s"],
    "properties": {
        "id": {"type": "string", "pattern": r"^test_\w+\.py::"},
        "title": {"type": "string"},
        "points": {"type": "number", "minimum": 0},
        "passed": {"type": "boolean"},
        "hidden": {"type": "boolean"},
        "message": {"type": "string"},
        "duration_s": {"type": "number", "minimum": 0},
        "topic": {"type": "string"},
    },
    "additionalProperties": False,
}
_SCORED = {"score": {"type": "number"}, "max_score": {"type": "number"}}
_TOPIC = {
    "type": "object",
    "required": ["score", "max_score", "checks"],
    "properties": {
        **_SCORED,
        "checks": {"type": "array", "items": _CHECK},
        "error": {"type": "string"},
        "log": {"type": "string"},
        "missing": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}
SCHEMAS: dict[str, dict] = {
    "check_report": {
        "type": "object",
        "required": ["score", "max_score", "topics"],
        "properties": {
            **_SCORED,
            "topics": {"type": "object", "additionalProperties": _TOPIC},
            "target": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "learner_grade": {
        "type": "object",
        "required": ["learner", "source", "problems", "topics", "score", "max_score", "duration_s"],
        "properties": {
            "learner": {"type": "string"},
            "source": {"type": "string"},
            "problems": {"type": "array", "items": {"type": "string"}},
            "topics": {"type": "object", "additionalProperties": _TOPIC},
            **_SCORED,
            "duration_s": {"type": "number"},
        },
        "additionalProperties": False,
    },
}


def validate(kind: str, data: Any) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` is a valid ``kind`` record."""
    import jsonschema

    jsonschema.validate(data, SCHEMAS[kind])


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON so that the file is whole or absent, never half written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)
