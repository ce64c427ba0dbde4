"""What a capstone shows while it trains: a progress bar, a log on disk, a loss-curve PNG.

``TrainingLog`` draws one rich progress bar (step, loss, tokens/s, ETA), prints evaluation
lines above it, keeps every logged entry and writes them as ``<name>.csv`` and
``<name>.json`` in the run folder; ``plot`` writes ``<name>.png``. ``pick_device`` turns
``--device auto|cpu|cuda|mps`` into a torch device that exists on this machine.
"""

from __future__ import annotations

import csv
import json
import time
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
    has = {"cuda": torch.cuda.is_available(),
           "mps": getattr(torch.backends, "mps", None) is not None
           and torch.backends.mps.is_available(),
           "cpu": True}
    if name == "auto":
        name = next(d for d in ("cuda", "mps", "cpu") if has[d])
    if not has[name]:
        raise ValueError(f"--device {name}: this machine has no {name.upper()} device "
                         "(use --device auto or cpu)")
    return torch.device(name)


class TrainingLog:
    """A progress bar over ``total_steps`` and the run's log, saved in ``out_dir`` if given."""

    def __init__(self, total_steps: int, out_dir: str | Path | None, name: str,
                 tokens_per_step: int | None = None, console: Console | None = None):
        self.total_steps, self.name = total_steps, name
        self.out_dir = None if out_dir is None else Path(out_dir)
        self.tokens_per_step = tokens_per_step
        self.entries: list[dict] = []
        self.console = console or Console()
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]}"), TextColumn("{task.fields[speed]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, transient=True,
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

    def step(self, step: int, loss: float) -> None:
        """Step ``step`` (counting from 1) is done with training loss ``loss``."""
        speed = ""
        elapsed = time.perf_counter() - self._started - self._paused
        if self.tokens_per_step and elapsed > 0:
            speed = f"{step * self.tokens_per_step / elapsed:,.0f} tok/s"
        self._progress.update(self._task, completed=step, loss=f"{loss:.3f}", speed=speed)

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

    def plot(self, x: str, y: dict[str, str], ylabel: str,
             reference: tuple[str, list[tuple[float, float]]] | None = None) -> Path:
        """Write ``<name>.png``: each ``label -> key`` of ``y`` against ``x``, and a reference."""
        if self.out_dir is None:
            raise ValueError("TrainingLog.plot needs an out_dir to write the PNG to")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        for label, key in y.items():
            points = [(e[x], e[key]) for e in self.entries if e.get(key) is not None]
            ax.plot(*zip(*points, strict=True), marker="o", label=label)
        if reference is not None:
            label, points = reference
            ax.plot(*zip(*points, strict=True), "k--", marker="s", label=label)
        ax.set_xlabel(x)
        ax.set_ylabel(ylabel)
        ax.set_title(self.name)
        ax.grid(alpha=0.3)
        ax.legend()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"{self.name}.png"
        fig.savefig(path, dpi=100, bbox_inches="tight")
        plt.close(fig)
        return path
