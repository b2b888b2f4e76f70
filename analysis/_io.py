"""Small shared helpers for the analysis tools: atomic writes, loading, CLI errors."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd

from sim.outputs import atomic_target, atomic_write_text

__all__ = [
    "Collected",
    "atomic_target",
    "atomic_write_csv",
    "atomic_write_text",
    "fail",
    "format_value",
    "load_collected",
]


def fail(msg: str) -> NoReturn:
    """Print a one-line ``error: ...`` message on stderr and exit with status 2.

    Args:
        msg: The message; newlines are folded so the output stays on one line.
    """
    print("error: " + " ".join(str(msg).split()), file=sys.stderr)
    raise SystemExit(2)


def atomic_write_csv(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``df`` as CSV (no index) to ``path`` atomically and return the path."""
    with atomic_target(path) as tmp:
        df.to_csv(tmp, index=False)
    return Path(path)


def format_value(value: object) -> str:
    """Format a group value compactly: ``3.0`` -> ``"3"``, NaN/None -> ``"NA"``."""
    if value is None or (isinstance(value, float) and value != value):
        return "NA"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Collected:
    """Tables loaded from a collected folder, a ``runs.csv`` file or a raw sweep folder.

    Attributes:
        runs: One row per finished run.
        timeseries: Daily rows of all runs (``None`` if no timeseries table exists).
        base_dir: Folder the tables came from (default place for outputs).
    """

    runs: pd.DataFrame
    timeseries: pd.DataFrame | None
    base_dir: Path


def load_collected(path: str | os.PathLike[str]) -> Collected:
    """Load ``runs.csv``/``timeseries.csv``, collecting a raw sweep folder on the fly.

    Args:
        path: A ``runs.csv`` file, a folder holding ``runs.csv`` (output of
            ``analysis.collect``), or a Hydra multirun folder.

    Returns:
        The loaded tables.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        analysis.collect.NotASweepError: If a folder holds neither ``runs.csv`` nor jobs.
    """
    p = Path(path)

    def read(csv: Path) -> pd.DataFrame:
        return pd.read_csv(csv, dtype={"run_id": str})

    if not p.exists():
        raise FileNotFoundError(f"{p} does not exist")
    if p.is_file():
        ts_path = p.parent / "timeseries.csv"
        ts = read(ts_path) if ts_path.is_file() else None
        return Collected(read(p), ts, p.parent)
    if (p / "runs.csv").is_file():
        ts_path = p / "timeseries.csv"
        ts = read(ts_path) if ts_path.is_file() else None
        return Collected(read(p / "runs.csv"), ts, p)
    from analysis.collect import collect_runs  # local import: collect imports this module

    result = collect_runs(p)
    return Collected(result.runs, result.timeseries, p)
