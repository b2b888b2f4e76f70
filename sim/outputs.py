"""Writing run outputs atomically: a folder with ``summary.json`` is a finished run."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # importing the model (and Mesa) is not needed to write files
    from sim.simulate import RunResult

__all__ = [
    "DISTRICT_FILES",
    "EVENTS_FILE",
    "SUMMARY_FILE",
    "TIMESERIES_FILE",
    "atomic_target",
    "atomic_write_text",
    "format_value",
    "remove_stale_outputs",
    "timeseries_csv",
    "write_run",
]

SUMMARY_FILE = "summary.json"
TIMESERIES_FILE = "timeseries.csv"
EVENTS_FILE = "events.csv"
#: A district's further outputs (:mod:`sim.district.outputs`).
DISTRICT_FILES: tuple[str, ...] = ("villages.csv", "places.csv")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Permission bits of new output files: what ``open()`` would give (mkstemp alone gives 0600).
FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; when the body succeeds, move it over ``path``.

    The temporary file is dot-prefixed (``.<name>.<random>.tmp``), gets the
    permissions ``open()`` would give, is flushed to disk and renamed, so a
    process killed mid-write never leaves a file with the real name: readers see
    either the old file or the complete new one. If the body raises, the
    temporary file is removed and ``path`` is left untouched. The parent folder
    is created if needed.
    """
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with contextlib.suppress(OSError):  # some file systems have no permission bits
            os.chmod(tmp, FILE_MODE)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_target`); returns the path."""
    with atomic_target(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
    return Path(path)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable too (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_outputs(folder: Path) -> None:
    """Make ``folder`` look unfinished before it is (re)written.

    Removes ``summary.json`` first (so a crash during the rewrite cannot leave
    a new time series next to an old summary), then the old ``events.csv``, a
    district's files and temporary files left by a killed writer. Nothing else is touched.
    """
    folder = Path(folder)
    (folder / SUMMARY_FILE).unlink(missing_ok=True)
    (folder / EVENTS_FILE).unlink(missing_ok=True)
    for name in DISTRICT_FILES:
        (folder / name).unlink(missing_ok=True)
    for name in (SUMMARY_FILE, TIMESERIES_FILE, EVENTS_FILE, *DISTRICT_FILES):
        for tmp in folder.glob(f".{name}.*.tmp"):
            tmp.unlink(missing_ok=True)


def format_value(value: float) -> str:
    """A number as output files write it: whole numbers without decimals, others in full."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def timeseries_csv(table: dict[str, np.ndarray]) -> str:
    """The daily table as CSV text, columns in the table's order (integers without decimals)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    columns = list(table)
    writer.writerow(columns)
    for row in zip(*(table[c] for c in columns), strict=True):
        writer.writerow([format_value(v) for v in row])
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

    An old ``summary.json`` in ``folder`` is removed first, so the folder looks
    finished only once every file of this run is in place.

    Returns:
        The path of ``summary.json``.
    """
    folder = Path(folder)
    remove_stale_outputs(folder)
    atomic_write_text(folder / TIMESERIES_FILE, timeseries_csv(result.timeseries))
    if result.events is not None:
        atomic_write_text(folder / EVENTS_FILE, _events_csv(result.events))
    for name, text in result.files.items():
        atomic_write_text(folder / name, text)
    summary_path = folder / SUMMARY_FILE
    atomic_write_text(summary_path, json.dumps(result.summary, indent=2, sort_keys=False) + "\n")
    return summary_path
