"""What a capstone shows while it trains: a progress bar, a log on disk, a loss-curve PNG.

``TrainingLog`` draws one rich progress bar (step, loss, tokens/s, ETA), prints evaluation
lines above it, keeps every logged entry and writes them as ``<name>.csv`` and
``<name>.json`` in the run folder; ``plot`` writes ``<name>.png`` (a curve, and optionally a
before/after panel). ``pick_device`` turns ``--device auto|cpu|cuda|mps`` into a torch device
that exists on this machine. ``trainer_progress`` shows a transformers/trl ``Trainer`` run
through the same bar (as a ``TrainerCallback`` in place of the trainer's own printer) and
places the trainer on the device asked for.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import time
import warnings
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

DEVICES = ("auto", "cpu", "cuda", "mps")


def pick_device(name: str = "auto"):
    """The torch device for ``--device``: ``auto`` picks CUDA, then MPS, then the CPU."""
    import torch

    if name not in DEVICES:
        raise ValueError(f"--device must be one of {', '.join(DEVICES)}, not {name!r}")
    has = {
        "cuda": torch.cuda.is_available(),
        "mps": getattr(torch.backends, "mps", None) is not None
        and torch.backends.mps.is_available(),
        "cpu": True,
    }
    if name == "auto":
        name = next(d for d in ("cuda", "mps", "cpu") if has[d])
    if not has[name]:
        raise ValueError(
            f"--device {name}: this machine has no {name.upper()} device (use --device auto or cpu)"
        )
    return torch.device(name)


class TrainingLog:
    """A progress bar over ``total_steps`` and the run's log, saved in ``out_dir`` if given."""

    def __init__(
        self,
        total_steps: int,
        out_dir: str | Path | None,
        name: str,
        tokens_per_step: int | None = None,
        console: Console | None = None,
    ):
        self.total_steps, self.name = total_steps, name
        self.out_dir = None if out_dir is None else Path(out_dir)
        self.tokens_per_step = tokens_per_step
        self.entries: list[dict] = []
        self.console = console or Console()
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]}"),
            TextColumn("{task.fields[speed]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self._task = self._progress.add_task(name, total=total_steps, loss="-", speed="")
        self._started = time.perf_counter()
        self._paused = 0.0

    def __enter__(self) -> TrainingLog:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()
        self.save()

    def step(self, step: int, loss: float | None = None, tokens: int | None = None) -> None:
        """Step ``step`` (counting from 1) is done with training loss ``loss`` (``None``: keep
        the last one shown); ``tokens``: tokens trained on so far, when not ``tokens_per_step``."""
        elapsed = time.perf_counter() - self._started - self._paused
        if tokens is None and self.tokens_per_step:
            tokens = step * self.tokens_per_step
        fields = {}
        if loss is not None:
            fields["loss"] = f"{loss:.3f}"
        if tokens and elapsed > 0:
            fields["speed"] = f"{tokens / elapsed:,.0f} tok/s"
        self._progress.update(self._task, completed=step, **fields)

    def note(self, line: str) -> None:
        """Print ``line`` above the bar without keeping it in the log."""
        self.console.print(line, highlight=False, markup=False)

    def paused(self, seconds: float) -> None:
        """Leave ``seconds`` (e.g. an evaluation) out of the tokens/s figure."""
        self._paused += seconds

    def record(self, entry: dict, line: str | None = None) -> None:
        """Keep ``entry`` in the log and print ``line`` above the bar."""
        self.entries.append(dict(entry))
        if line is not None:
            self.console.print(line, highlight=False, markup=False)

    def save(self) -> list[Path]:
        """Write the log as CSV and JSON; return the paths (none without a folder or entries)."""
        if self.out_dir is None or not self.entries:
            return []
        self.out_dir.mkdir(parents=True, exist_ok=True)
        csv_path, json_path = (self.out_dir / f"{self.name}.{ext}" for ext in ("csv", "json"))
        fields = list(dict.fromkeys(k for e in self.entries for k in e))
        with csv_path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(self.entries)
        json_path.write_text(json.dumps(self.entries, indent=1), encoding="utf-8")
        return [csv_path, json_path]

    def plot(
        self,
        x: str,
        y: dict[str, str],
        ylabel: str,
        reference: tuple[str, list[tuple[float, float]]] | None = None,
        before_after: tuple[str, dict[str, tuple[float, float]]] | None = None,
    ) -> Path:
        """Write ``<name>.png``: each ``label -> key`` of ``y`` against ``x``, and a reference.

        ``before_after = (title, {measure: (before, after)})`` adds a second panel with a pair
        of bars per measure.
        """
        if self.out_dir is None:
            raise ValueError("TrainingLog.plot needs an out_dir to write the PNG to")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        if before_after is None:
            fig, ax = plt.subplots(figsize=(6.4, 4.0))
        else:
            fig, (ax, bars) = plt.subplots(1, 2, figsize=(11.0, 4.0))
            title, measures = before_after
            xs = range(len(measures))
            for offset, label, idx in ((-0.2, "before", 0), (0.2, "after", 1)):
                bars.bar(
                    [i + offset for i in xs], [v[idx] for v in measures.values()], 0.4, label=label
                )
            bars.set_xticks(list(xs), list(measures), rotation=20)
            bars.axhline(0, color="k", linewidth=0.8)
            bars.set_title(title)
            bars.grid(axis="y", alpha=0.3)
            bars.legend()
        for label, key in y.items():
            points = [(e[x], e[key]) for e in self.entries if e.get(key) is not None]
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", markersize=3, label=label)
        if reference is not None:
            label, points = reference
            ax.plot(*zip(*points, strict=True), "k--", marker="s", label=label)
        ax.set_xlabel(x)
        ax.set_ylabel(ylabel)
        ax.set_title(self.name)
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"{self.name}.png"
        fig.savefig(path, dpi=100, bbox_inches="tight")
        plt.close(fig)
        return path


@contextlib.contextmanager
def trainer_progress(display: TrainingLog, device=None):
    """Show every transformers/trl ``Trainer`` built inside through ``display``, on ``device``.

    The trainer's own output (``PrinterCallback``'s raw log dicts, or its tqdm bar) is replaced
    by a ``TrainerCallback`` that moves the bar on every step and keeps each logged entry
    (step, loss, learning rate, trl's metrics) in ``display``; trl's cumulative ``num_tokens``
    gives the tokens/s. ``device`` (a ``torch.device``) sets ``ACCELERATE_USE_CPU`` so that a
    config that names no device trains there; a config that forces another device (such as
    ``use_cpu=True`` with ``--device cuda``) is reported above the bar.
    """
    import transformers.trainer as trainer_module
    from transformers import TrainerCallback

    class Progress(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            if device is not None and args.device.type != device.type:
                display.note(
                    f"note: the trainer runs on {args.device.type}, not {device.type}: "
                    "its config chooses the device (e.g. use_cpu=True)"
                )

        def on_step_end(self, args, state, control, **kwargs):
            display.step(state.global_step)

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            if "loss" not in logs:  # the summary at the end of train() (train_runtime, ...)
                return
            entry = {"step": state.global_step}
            entry.update((k, v) for k, v in logs.items() if isinstance(v, int | float))
            display.record(entry)
            display.step(state.global_step, logs["loss"], tokens=logs.get("num_tokens"))

    saved = trainer_module.PrinterCallback, trainer_module.DEFAULT_PROGRESS_CALLBACK
    env = os.environ.get("ACCELERATE_USE_CPU")
    trainer_module.PrinterCallback = trainer_module.DEFAULT_PROGRESS_CALLBACK = Progress
    if device is not None:
        os.environ["ACCELERATE_USE_CPU"] = "true" if device.type == "cpu" else "false"
    try:
        with warnings.catch_warnings():
            # trl 1.x reads the model's deprecated ``is_gradient_checkpointing`` itself (around
            # generation and reference passes): nothing the caller's code can change
            warnings.filterwarnings(
                "ignore",
                message="`is_gradient_checkpointing` is deprecated",
                category=FutureWarning,
            )
            yield display
    finally:
        trainer_module.PrinterCallback, trainer_module.DEFAULT_PROGRESS_CALLBACK = saved
        if env is None:
            os.environ.pop("ACCELERATE_USE_CPU", None)
        else:
            os.environ["ACCELERATE_USE_CPU"] = env
