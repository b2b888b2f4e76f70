"""Writing run outputs atomically: a folder with ``summary.json`` is a finished run."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from sim.metrics import DAILY_COLUMNS
from sim.simulate import RunResult

__all__ = ["SUMMARY_FILE", "TIMESERIES_FILE", "atomic_write_text", "write_run"]

SUMMARY_FILE = "summary.json"
TIMESERIES_FILE = "timeseries.csv"
EVENTS_FILE = "events.csv"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def timeseries_csv(table: dict[str, np.ndarray]) -> str:
    """The daily table as CSV text (integers without decimals)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(DAILY_COLUMNS)
    for row in zip(*(table[c] for c in DAILY_COLUMNS), strict=True):
        writer.writerow([_format(v) for v in row])
    return buf.getvalue()


def _events_csv(events: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    fields = ["day", "action", "team", "household", "cell_x", "cell_y", "detail"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(events)
    return buf.getvalue()


def write_run(result: RunResult, folder: Path) -> Path:
    """Write ``timeseries.csv`` (and ``events.csv``), then ``summary.json`` last.

    Returns:
        The path of ``summary.json``.
    """
    folder = Path(folder)
    atomic_write_text(folder / TIMESERIES_FILE, timeseries_csv(result.timeseries))
    if result.events is not None:
        atomic_write_text(folder / EVENTS_FILE, _events_csv(result.events))
    summary_path = folder / SUMMARY_FILE
    atomic_write_text(summary_path, json.dumps(result.summary, indent=2, sort_keys=False) + "\n")
    return summary_path
