"""What the jobs of a multirun sweep did, reported when the sweep ends.

A failing job writes ``error.json`` into its folder and lets the others go on
(:mod:`sim.cli.job`); its Hydra ``JobReturn`` then carries no summary (or, if
the job raised outside the run, status ``FAILED`` and the exception). vcsim's
sweepers (``hydra_plugins.vcsim_sweepers``) see every launcher's returns in
the sweep's own process, turn them into a :class:`SweepOutcome` with
:func:`outcome_of` and hand it to the entry point with :func:`record`; the
entry point (:mod:`sim.run`) prints one line per failed job and a summary on
stderr and exits 1. Only this sweep's jobs count: a resumed sweep's skipped
jobs return their finished summary.

Other sweepers (Hydra's Optuna sweeper) do not hand their returns on, so the callback
:class:`sim.cli.callbacks.ReportSweep` reads the same outcome from the sweep folder when
the sweep ends (:func:`outcome_from_folder`): the jobs that wrote their Hydra files there
since the sweep started, failed if they also wrote ``error.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hydra.core.utils import JobReturn, JobStatus

from sim.cli.job_folders import find_job_dirs

__all__ = ["ERROR_FILE", "JobOutcome", "SweepOutcome", "TaskFailed", "outcome_from_folder", "outcome_of",
           "record", "recorded", "take"]

#: A failed job's record in its folder (``{"error": ..., "overrides": [...]}``).
ERROR_FILE = "error.json"
#: At most this many record paths are named in the summary line.
_SHOWN_RECORDS = 3


class TaskFailed(Exception):
    """A run raised something other than bad input; the message is ``Type: text`` of the cause,
    which a worker process's pickled copy keeps (a pickled exception loses its ``__cause__``)."""


@dataclass(frozen=True)
class JobOutcome:
    """One job of a sweep: its number and overrides, and its error (None if it finished)."""

    num: int
    overrides: tuple[str, ...]
    error: str | None = None
    record: Path | None = None


@dataclass
class SweepOutcome:
    """Every job a sweep launched, in launch order."""

    sweep_dir: Path
    jobs: list[JobOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[JobOutcome]:
        """The jobs that did not finish."""
        return [j for j in self.jobs if j.error is not None]

    def report(self) -> list[str]:
        """One ``failed: job N (key=value): error`` line per failed job, then the summary line."""
        failed = self.failed
        if not failed:
            return []
        shared = set.intersection(*(set(j.overrides) for j in self.jobs))
        lines = []
        for job in failed:
            varying = [o for o in job.overrides if o not in shared] or list(job.overrides)
            label = f" ({' '.join(varying)})" if varying else ""
            lines.append(f"failed: job {job.num}{label}: {job.error}")
        records = [str(j.record) for j in failed if j.record is not None]
        if len(records) > _SHOWN_RECORDS:
            records = [*records[:_SHOWN_RECORDS], "..."]
        see = f" (see {', '.join(records)})" if records else ""
        done = len(self.jobs) - len(failed)
        lines.append(f"{done} of {len(self.jobs)} jobs finished; {len(failed)} failed{see}")
        return lines


def _error_text(err: Any) -> str:
    if isinstance(err, TaskFailed):
        return str(err)
    return f"{type(err).__name__}: {err}" if isinstance(err, BaseException) else str(err)


def _job_dir(ret: JobReturn) -> Path | None:
    hydra_cfg = ret.hydra_cfg
    try:
        return Path(str(hydra_cfg.hydra.runtime.output_dir)) if hydra_cfg is not None else None
    except Exception:  # a launcher's hand-made return without Hydra's runtime section
        return None


def _read_error(record: Path) -> str | None:
    try:
        return str(json.loads(record.read_text())["error"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_record(record: Path, error: str, overrides: Sequence[str]) -> Path | None:
    """Record a failure the job could not record itself (best effort: None if it cannot be)."""
    from sim.outputs import atomic_write_text

    if record.exists() or not record.parent.is_dir():
        return record if record.exists() else None
    try:
        atomic_write_text(record, json.dumps({"error": error, "overrides": list(overrides)}, indent=2) + "\n")
    except OSError:
        return None
    return record


def outcome_of(ret: JobReturn, num: int) -> JobOutcome:
    """What one job did, from what its launcher returned (``num``: its number in the sweep)."""
    overrides = tuple(str(o) for o in (ret.overrides or ()))
    hydra_cfg = ret.hydra_cfg
    if hydra_cfg is not None and "hydra" in hydra_cfg and "job" in hydra_cfg.hydra:
        num = int(hydra_cfg.hydra.job.get("num", num))
    folder = _job_dir(ret)
    record = folder / ERROR_FILE if folder is not None else None
    if ret.status == JobStatus.FAILED:
        error = _error_text(ret._return_value)
        return JobOutcome(num, overrides, error, _write_record(record, error, overrides) if record else None)
    if ret.status == JobStatus.COMPLETED and ret._return_value is not None:
        return JobOutcome(num, overrides)
    # Finished without a result: the job recorded its failure in its folder.
    error = (_read_error(record) if record is not None else None) or "failed (no error record)"
    return JobOutcome(num, overrides, error, record if record is not None and record.exists() else None)


def _overrides(folder: Path) -> tuple[str, ...]:
    try:
        items = yaml.safe_load((folder / ".hydra" / "overrides.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()
    return tuple(str(i) for i in items) if isinstance(items, list) else ()


def outcome_from_folder(sweep_dir: str | os.PathLike[str], since: float) -> SweepOutcome:
    """What the jobs that started in ``sweep_dir`` at or after ``since`` (a ``time.time()``) did.

    A job failed if its ``error.json`` is as new as its start; jobs are numbered by their
    folder name when it is a number (Hydra's default ``hydra.sweep.subdir``).
    """
    root = Path(sweep_dir)
    folders = [f for f in find_job_dirs(root) if (f / ".hydra" / "overrides.yaml").stat().st_mtime >= since]
    jobs = []
    for i, folder in enumerate(folders):
        record = folder / ERROR_FILE
        failed = record.is_file() and record.stat().st_mtime >= since
        error = (_read_error(record) or "failed (unreadable error record)") if failed else None
        num = int(folder.name) if folder.name.isdigit() else i
        jobs.append(JobOutcome(num, _overrides(folder), error, record if failed else None))
    return SweepOutcome(root, jobs)


_RECORDED: list[SweepOutcome] = []


def record(outcome: SweepOutcome) -> None:
    """Keep ``outcome`` for the entry point (the sweep runs in the entry point's process)."""
    _RECORDED.append(outcome)


def recorded() -> bool:
    """Whether a sweep outcome was recorded since the last :func:`take`."""
    return bool(_RECORDED)


def take() -> SweepOutcome | None:
    """The sweep outcome recorded since the last call (None if no vcsim sweeper ran), forgotten."""
    outcome = _RECORDED[-1] if _RECORDED else None
    _RECORDED.clear()
    return outcome
