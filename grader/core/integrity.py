"""Notice when code under test rebinds the functions of the test runner or the grader.

A snapshot records the identity of every function and class (and the functions in each
class) of pytest, pluggy, the grader and builtins; ``tampered`` lists what was replaced or
deleted since. Additions are ignored. This guards against a learner module that patches
pytest at import time to turn failures into passes.
"""

from __future__ import annotations

import inspect
import sys

WATCHED_PREFIXES = ("_pytest", "pytest", "pluggy", "grader", "builtins")


def _watched_modules():
    for name, module in list(sys.modules.items()):
        if module is not None and name.split(".")[0] in WATCHED_PREFIXES:
            yield name, module


def _members(obj) -> dict[str, int]:
    out = {}
    for key, value in list(vars(obj).items()):
        if inspect.isroutine(value) or inspect.isclass(value):
            out[key] = id(value)
    return out


def snapshot() -> dict:
    """The state of the runner and grader that learner code must not change."""
    state = {}
    for name, module in _watched_modules():
        state[(name, None)] = (id(module), _members(module))
        for key, value in list(vars(module).items()):
            if inspect.isclass(value) and getattr(value, "__module__", "") == name:
                state[(name, key)] = (id(value), _members(value))
    return state


def tampered(before: dict) -> list[str]:
    """Names rebound or deleted since ``before`` (empty when all is intact)."""
    problems = []
    for (name, cls), (obj_id, members) in before.items():
        module = sys.modules.get(name)
        if cls is None:
            if module is None or id(module) != obj_id:
                problems.append(name)
                continue
            owner = module
        else:
            owner = getattr(module, cls, None)
            if owner is None or id(owner) != obj_id:
                problems.append(f"{name}.{cls}")
                continue
        now = vars(owner)
        for key, value_id in members.items():
            if key not in now or id(now[key]) != value_id:
                problems.append(f"{name}.{cls + '.' if cls else ''}{key}")
    return problems
