"""What the paired-seed studies of one strategy share: their command line and their one run.

:mod:`analysis.decompose` (each action switched off in turn) and
:mod:`analysis.tornado` (each kill value at the ends of its range) both run
variants of one strategy with the same seeds and count infections.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.figure_style import save_figure
from analysis.tables import atomic_write_csv, fail
from sim.cli.compose import compose_params
from sim.errors import ConfigError
from sim.outputs import atomic_write_text
from sim.simulate import simulate

__all__ = ["infections", "study_args", "write_study"]


def infections(overrides: Sequence[str]) -> int:
    """Total infections of one run (a module-level function, so worker processes can run it)."""
    return int(simulate(compose_params(list(overrides))).summary["total_infections"])


def study_args(prog: str, description: str, default_out: str,
               argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse and check a study's options; bad input ends with one line and exit status 2
    before anything is run or written."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--strategy", default="shunde_2025", help="strategy preset (default shunde_2025)")
    parser.add_argument("--seeds", type=int, default=3, help="paired seeds per variant (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--out", type=Path, default=Path(default_out), help=f"output folder ({default_out})")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides for every run, e.g. village=small")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        fail(f"--seeds={args.seeds}: must be at least 1")
    try:
        compose_params([*args.overrides, f"strategy={args.strategy}"])
    except ConfigError as err:
        fail(str(err))
    return args


def write_study(out: Path, name: str, runs: pd.DataFrame, markdown: str, figure: Figure,
                extra: dict[str, pd.DataFrame] | None = None) -> None:
    """Write a study's runs (``<name>_runs.csv``), table (``<name>.md``, and any ``extra``
    CSVs) and figure (``<name>.png`` and ``.svg``) to ``out``; print the table."""
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_csv(runs, out / f"{name}_runs.csv")
    for file, frame in (extra or {}).items():
        atomic_write_csv(frame, out / file)
    atomic_write_text(out / f"{name}.md", markdown)
    save_figure(figure, out, name)
    print(markdown)
