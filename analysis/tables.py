"""The analysis tools' tables on disk: collected ``runs.csv``/``timeseries.csv``, CSV written atomically.

Also the tools' one-line error exit (:func:`fail`). This module imports nothing from
the other analysis modules, so any of them can use it; collecting a raw sweep folder
on the fly is :func:`analysis.collect.load_collected`, built on :func:`read_collected`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd

from sim.outputs import atomic_target

__all__ = ["Collected", "atomic_write_csv", "fail", "read_collected"]


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


def read_collected(path: str | os.PathLike[str]) -> Collected | None:
    """Read ``runs.csv`` (and ``timeseries.csv`` next to it, if any).

    Args:
        path: A ``runs.csv`` file or a folder holding one.

    Returns:
        The tables, or ``None`` for a folder without ``runs.csv`` (e.g. a raw sweep).

    Raises:
        FileNotFoundError: If ``path`` does not exist.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p} does not exist")
    runs_path = p if p.is_file() else p / "runs.csv"
    if not runs_path.is_file():
        return None
    ts_path = runs_path.parent / "timeseries.csv"
    ts = _read(ts_path) if ts_path.is_file() else None
    return Collected(_read(runs_path), ts, runs_path.parent)


def _read(csv: Path) -> pd.DataFrame:
    return pd.read_csv(csv, dtype={"run_id": str})
