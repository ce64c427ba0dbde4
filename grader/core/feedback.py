"""Assertions whose failure messages teach: what was expected, what came, the likely mistake."""

from __future__ import annotations

from typing import Any


class CheckFailed(AssertionError):
    """A check's verdict, worded for the learner."""


def _fmt(value: Any, limit: int = 120) -> str:
    try:
        import torch

        if isinstance(value, torch.Tensor):
            flat = value.detach().flatten()[:6].tolist()
            more = ", …" if value.numel() > 6 else ""
            return f"tensor of shape {tuple(value.shape)} [{', '.join(f'{x:.4g}' if isinstance(x, float) else str(x) for x in flat)}{more}]"
    except ImportError:  # pragma: no cover - torch is a dependency
        pass
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fail(what: str, expected: Any = None, got: Any = None, hint: str | None = None) -> None:
    """Raise a learner-facing failure."""
    parts = [what]
    if expected is not None or got is not None:
        parts.append(f"expected {_fmt(expected)}, got {_fmt(got)}")
    if hint:
        parts.append(f"likely mistake: {hint}")
    raise CheckFailed(" — ".join(parts))


def expect(condition: bool, what: str, hint: str | None = None, *, expected=None, got=None) -> None:
    """Fail with a learner-facing message unless ``condition`` holds."""
    if not condition:
        fail(what, expected, got, hint)


def expect_equal(got: Any, expected: Any, what: str, hint: str | None = None) -> None:
    """Fail with expected and got shown unless ``got == expected``."""
    if got != expected:
        fail(what, expected, got, hint)


def expect_close(
    got, expected, what: str, hint: str | None = None, *, atol=1e-5, rtol=1e-5
) -> None:
    """Tensors (or numbers) equal within tolerance, with shape checked first."""
    import torch

    got_t = torch.as_tensor(got)
    exp_t = torch.as_tensor(expected)
    if got_t.shape != exp_t.shape:
        fail(f"{what}: wrong shape", tuple(exp_t.shape), tuple(got_t.shape), hint)
    got_f, exp_f = got_t.double(), exp_t.double()
    if not torch.isfinite(got_f).all() and torch.isfinite(exp_f).all():
        fail(f"{what}: contains NaN or inf", expected, got, hint or "an unstable exp/log or a 0/0")
    if not torch.allclose(got_f, exp_f, atol=atol, rtol=rtol, equal_nan=True):
        diff = (got_f - exp_f).abs().nan_to_num(float("inf")).max().item()
        fail(f"{what} (max abs difference {diff:.3g})", expected, got, hint)


def expect_near(
    got,
    expected,
    what: str,
    hint: str | None = None,
    *,
    rtol=1e-9,
    atol=0.0,
    digits: int | None = None,
) -> None:
    """Numbers or arrays equal within tolerance, compared in float64 (numpy, no torch).

    Fails on a non-number, a wrong shape, then a value off by more than ``atol + rtol·|expected|``
    (NaN never matches). The values are shown as numbers or lists, each rounded to ``digits``
    significant digits (and flattened) when given.
    """
    import numpy as np

    try:
        got_a = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        fail(f"{what}: not a number or an array of numbers", expected, got, hint)
    exp_a = np.asarray(expected, dtype=float)
    if got_a.shape != exp_a.shape:
        fail(f"{what}: wrong shape", exp_a.shape, got_a.shape, hint)
    if not np.allclose(got_a, exp_a, rtol=rtol, atol=atol):

        def shown(a):
            if a.ndim == 0:
                return a.item()
            return a.tolist() if digits is None else [float(f"{v:.{digits}g}") for v in a.ravel()]

        fail(what, shown(exp_a), shown(got_a), hint)


def expect_same_tokens(got, expected, what: str, hint: str | None = None) -> None:
    """Generated token ids equal, else the first row and position where they part."""
    import torch

    if not isinstance(got, torch.Tensor):
        fail(f"{what}: generate must return a tensor", "a LongTensor", type(got), hint)
    if got.shape != expected.shape:
        fail(
            f"{what}: wrong shape (batch, prompt + new tokens)",
            tuple(expected.shape),
            tuple(got.shape),
            hint,
        )
    if not torch.equal(got, expected):
        row, col = (got != expected).nonzero()[0].tolist()
        fail(
            f"{what}: row {row} differs first at position {col}",
            expected[row].tolist(),
            got[row].tolist(),
            hint,
        )
