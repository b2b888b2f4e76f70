"""Collect the run folders of a Hydra multirun sweep into two tidy CSV tables.

Usage::

    python -m analysis.collect SWEEP_DIR [--out DIR]

writes ``runs.csv`` (one row per finished run) and ``timeseries.csv`` (one row per run
and day) into ``--out`` (default: ``SWEEP_DIR``) and prints how many jobs finished, are
unfinished, or failed. A job whose files cannot be read is listed as failed and the
others are collected; the exit status is 1 only when no run could be collected (then
nothing is written). ``--out`` may not be a run's own folder (its ``timeseries.csv``
would be overwritten): that is refused with one line and exit status 2.

Job folders are found by :func:`sim.cli.job_folders.find_job_dirs` (every folder holding
``.hydra/overrides.yaml``), so the basic, joblib, vcsim and submitit launchers' layouts
all work.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.sweep_jobs import flatten, parse_overrides
from analysis.tables import Collected, atomic_write_csv, fail, read_collected
from sim.cli.job_folders import find_job_dirs

__all__ = [
    "CollectResult",
    "FailedRun",
    "NotASweepError",
    "collect_runs",
    "load_collected",
    "main",
]


class NotASweepError(ValueError):
    """Raised when a folder contains no job folders with ``.hydra/overrides.yaml``."""


@dataclass
class FailedRun:
    """A job folder with ``error.json`` (or an unreadable ``summary.json``).

    Attributes:
        run_id: Job folder relative to the sweep folder.
        error: Last non-empty line of the recorded error message.
    """

    run_id: str
    error: str


@dataclass
class CollectResult:
    """Everything ``collect_runs`` found in a sweep folder.

    Attributes:
        runs: One row per finished run: ``run_id``, override keys, flattened summary.
        timeseries: ``run_id`` plus every daily column of every finished run.
        unfinished: Run ids of jobs without ``summary.json`` and without ``error.json``.
        failed: Jobs that failed, with their error lines.
        notes: Warnings (e.g. a finished run without ``timeseries.csv``).
    """

    runs: pd.DataFrame
    timeseries: pd.DataFrame
    unfinished: list[str] = field(default_factory=list)
    failed: list[FailedRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _error_line(job: Path) -> str:
    try:
        text = str(json.loads((job / "error.json").read_text(encoding="utf-8")).get("error", ""))
    except (OSError, ValueError, AttributeError) as exc:
        return f"error.json unreadable: {exc}"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "(no error message)"


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0][:300] if lines else type(exc).__name__


def _numeric(df: pd.DataFrame) -> pd.DataFrame:
    """Convert columns to numbers wherever no non-null value would be lost."""
    for col in df.columns:
        conv = pd.to_numeric(df[col], errors="coerce")
        if conv.notna().sum() == df[col].notna().sum():
            df[col] = conv
    return df


def _same(a: Any, b: Any) -> bool:
    return a == b or str(a) == str(b)


def collect_runs(sweep_dir: str | os.PathLike[str]) -> CollectResult:
    """Read every job folder of a multirun sweep.

    Args:
        sweep_dir: The Hydra multirun folder.

    Returns:
        The collected tables and the lists of unfinished and failed jobs. Override keys
        become columns; a summary field with the same name fills rows where the key was
        not overridden, and if it disagrees with the override it is kept as
        ``summary_<key>``.

    Raises:
        FileNotFoundError: If ``sweep_dir`` does not exist or is not a folder.
        NotASweepError: If no job folders are found.
    """
    root = Path(sweep_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} does not exist or is not a folder")
    jobs = find_job_dirs(root)
    if not jobs:
        raise NotASweepError(
            f"{root} is not a Hydra multirun folder "
            "(no job folders with .hydra/overrides.yaml found)"
        )
    rows: list[dict[str, Any]] = []
    series: list[pd.DataFrame] = []
    override_keys: dict[str, None] = {}
    summary_keys: dict[str, None] = {}
    result = CollectResult(pd.DataFrame(), pd.DataFrame())
    for job in jobs:
        run_id = job.relative_to(root).as_posix()
        try:
            overrides = parse_overrides(job / ".hydra" / "overrides.yaml")
        except (OSError, ValueError) as exc:
            result.failed.append(FailedRun(run_id, str(exc)))  # the message names the file
            continue
        override_keys.update(dict.fromkeys(overrides))
        if not (job / "summary.json").is_file():
            if (job / "error.json").is_file():
                result.failed.append(FailedRun(run_id, _error_line(job)))
            else:
                result.unfinished.append(run_id)
            continue
        try:
            summary = flatten(json.loads((job / "summary.json").read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            result.failed.append(FailedRun(run_id, f"summary.json unreadable: {exc}"))
            continue
        ts_path = job / "timeseries.csv"
        ts = None
        if ts_path.is_file():
            try:  # one corrupt job is reported and skipped; the healthy ones are still collected
                ts = pd.read_csv(ts_path)
            except (OSError, ValueError, UnicodeDecodeError) as exc:  # pandas' parser errors are ValueErrors
                result.failed.append(FailedRun(run_id, f"timeseries.csv unreadable: {_first_line(exc)}"))
                continue
        else:
            result.notes.append(f"{run_id}: finished but has no timeseries.csv")
        row: dict[str, Any] = {"run_id": run_id, **overrides}
        for key, value in summary.items():
            if key not in overrides:
                row.setdefault(key, value)
                summary_keys[key] = None
            elif not _same(overrides[key], value):
                row[f"summary_{key}"] = value
                summary_keys[f"summary_{key}"] = None
        rows.append(row)
        if ts is not None:
            ts.insert(0, "run_id", run_id)
            if "day" in ts.columns:
                ts = ts[["run_id", "day", *(c for c in ts.columns if c not in ("run_id", "day"))]]
            series.append(ts)
    columns = ["run_id", *override_keys, *(k for k in summary_keys if k not in override_keys)]
    result.runs = pd.DataFrame(rows, columns=columns)
    result.timeseries = (
        _numeric(pd.concat(series, ignore_index=True))
        if series
        else pd.DataFrame(columns=["run_id", "day"])
    )
    return result


def load_collected(path: str | os.PathLike[str]) -> Collected:
    """Load ``runs.csv``/``timeseries.csv``, collecting a raw sweep folder on the fly.

    Args:
        path: A ``runs.csv`` file, a folder holding ``runs.csv`` (output of
            ``python -m analysis.collect``), or a Hydra multirun folder.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        NotASweepError: If a folder holds neither ``runs.csv`` nor jobs.
    """
    found = read_collected(path)
    if found is not None:
        return found
    result = collect_runs(path)
    return Collected(result.runs, result.timeseries, Path(path))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.collect", description="Collect a Hydra multirun sweep."
    )
    parser.add_argument("sweep_dir", help="Hydra multirun folder (SWEEPDIR with job folders)")
    parser.add_argument("--out", help="output folder (default: SWEEP_DIR)")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else Path(args.sweep_dir)
    if (out / ".hydra" / "overrides.yaml").is_file():  # a run's own timeseries.csv is never overwritten
        fail(f"--out {out} is a run's folder: collect reads a sweep (python -m sim.run -m ...) and writes "
             "runs.csv and timeseries.csv beside its job folders; give --out another folder")
    try:
        result = collect_runs(args.sweep_dir)
    except (FileNotFoundError, NotASweepError) as exc:
        fail(str(exc))
    _report(result)
    if result.runs.empty:
        print(f"error: no finished run to collect in {args.sweep_dir}; nothing written", file=sys.stderr)
        return 1
    runs_path = atomic_write_csv(result.runs, out / "runs.csv")
    ts_path = atomic_write_csv(result.timeseries, out / "timeseries.csv")
    print(f"wrote {runs_path} ({len(result.runs)} rows, {result.runs.shape[1]} columns)")
    print(f"wrote {ts_path} ({len(result.timeseries)} rows)")
    return 0


def _report(result: CollectResult) -> None:
    print(f"finished:   {len(result.runs)}")
    print(f"unfinished: {len(result.unfinished)}")
    for run_id in result.unfinished:
        print(f"  {run_id}")
    print(f"failed:     {len(result.failed)}")
    for failed in result.failed:
        print(f"  {failed.run_id}: {failed.error}")
    for note in result.notes:
        print(f"note: {note}")


if __name__ == "__main__":
    raise SystemExit(main())
