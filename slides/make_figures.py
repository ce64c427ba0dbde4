"""Regenerate every slide figure from the reference solutions (deterministic, offline).

    python slides/make_figures.py [TOPIC ...]

Each ``slides/figures/tN_*.py`` module has ``make(out_dir: Path) -> list[Path]`` and writes
PNGs into ``slides/figures/out/`` (not committed: build output). Decks refer to them as
``figures/out/<name>.png``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import matplotlib  # noqa: E402

import grader  # noqa: E402,F401  (sets the offline environment)

matplotlib.use("Agg")

OUT = HERE / "figures" / "out"


def modules(selected=()):
    for path in sorted((HERE / "figures").glob("t[0-9]_*.py")):
        if not selected or any(path.stem.startswith(s) for s in selected):
            spec = importlib.util.spec_from_file_location(f"figures_{path.stem}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            yield path.stem, module


def main(argv: list[str]) -> None:
    import torch

    torch.set_num_threads(1)  # tiny models: one thread is as fast, and steady on a busy machine
    OUT.mkdir(parents=True, exist_ok=True)
    for name, module in modules(argv):
        for png in module.make(OUT):
            print(f"{name}: {png.relative_to(HERE)}")


if __name__ == "__main__":
    main(sys.argv[1:])
