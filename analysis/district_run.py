"""Reading one district run folder for the district figures and animation.

A district run folder is written by ``python -m sim.run district=...``: ``places.csv``
(one row per village), ``villages.csv`` (village x day), ``timeseries.csv`` (district by
day), ``summary.json`` and ``.hydra/config.yaml``. :func:`load_district` reads it into a
:class:`DistrictRun` with the calendar date of day 0 (the config's ``season.start_date``,
else :class:`sim.params.season.SeasonParams`'s default); :func:`parse_days` and
:func:`default_days` choose days of the run; :class:`OneLineParser` is the command lines'
argument parser (errors are one ``error:`` line, exit status 2).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd
import yaml

from analysis.tables import fail
from sim.params.season import SeasonParams

__all__ = ["DistrictRun", "OneLineParser", "default_days", "load_district", "parse_days", "village_wide"]


@dataclass(frozen=True)
class DistrictRun:
    """The tables of one district run folder and the calendar date of its day 0."""

    folder: Path
    places: pd.DataFrame
    villages: pd.DataFrame
    timeseries: pd.DataFrame
    start: dt.date
    label: str = ""

    @property
    def name(self) -> str:
        """Name in titles: ``district demo, shunde_2025`` (from ``summary.json``), else the folder's."""
        return self.label or self.folder.resolve().name

    @property
    def days(self) -> np.ndarray:
        """The run's days (0, 1, ..., last)."""
        return self.timeseries["day"].to_numpy(int)

    def date(self, day: int) -> dt.date:
        """Calendar date of ``day``."""
        return self.start + dt.timedelta(days=int(day))

    def dates(self, days: Sequence[int] | np.ndarray | pd.Index) -> list[dt.date]:
        """Calendar dates of ``days``."""
        return [self.date(d) for d in days]

    def contains(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is the run folder or inside it (where no output may go)."""
        return Path(path).resolve().is_relative_to(self.folder.resolve())


def _start_and_label(folder: Path) -> tuple[dt.date, str]:
    """Day 0's date (``.hydra/config.yaml``, else the default) and ``district <name>, <strategy>``."""
    start, label = SeasonParams().start, ""
    with contextlib.suppress(OSError, yaml.YAMLError, KeyError, ValueError, AttributeError, TypeError):
        config = yaml.safe_load((folder / ".hydra" / "config.yaml").read_text(encoding="utf-8"))
        start = dt.date.fromisoformat(str(config["season"]["start_date"]))
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        label = f"district {summary['district']['name']}, {summary['strategy']}"
    return start, label


def load_district(run_dir: str | os.PathLike[str]) -> DistrictRun:
    """Read a district run folder (raises ``FileNotFoundError`` naming what is missing)."""
    folder, names = Path(run_dir), ("places.csv", "villages.csv", "timeseries.csv")
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such run folder")
    if not (folder / names[0]).is_file():
        raise FileNotFoundError(f"{folder}: not a district run (no places.csv; see sim.run district=demo)")
    if missing := [n for n in names if not (folder / n).is_file()]:
        raise FileNotFoundError(f"{folder}: district run without {missing[0]} (not finished?)")
    return DistrictRun(folder, *(pd.read_csv(folder / n) for n in names), *_start_and_label(folder))


def village_wide(run: DistrictRun, column: str) -> pd.DataFrame:
    """``column`` of ``villages.csv`` as a day x village table, villages in ``places.csv`` order."""
    return run.villages.pivot(index="day", columns="village", values=column)[run.places["village"]]


def parse_days(text: str, run: DistrictRun) -> list[int]:
    """The days of ``--days`` (``30,45,60``); ``ValueError`` for a non-number or a day outside the run."""
    lo, hi = int(run.days[0]), int(run.days[-1])
    try:
        days = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        days = []
    if bad := [d for d in days if not lo <= d <= hi]:
        raise ValueError(f"--days={text!r}: day {bad[0]} is outside the run (days {lo}-{hi})")
    if not days:
        raise ValueError(f"--days={text!r}: give whole days of the run ({lo}-{hi}) separated by commas")
    return days


def default_days(run: DistrictRun, gap: int = 20) -> list[int]:
    """Three days where the epidemic shows: the peak of district reported cases and ``gap`` days
    either side, moved (and the gap shrunk) to stay inside the run."""
    lo, hi = int(run.days[0]), int(run.days[-1])
    gap = min(gap, (hi - lo) // 2)
    if gap < 1:
        return sorted({lo, hi})
    reported = run.timeseries["new_reported_cases"].to_numpy()
    peak = int(run.days[np.argmax(reported)]) if reported.sum() > 0 else (lo + hi) // 2
    mid = min(max(peak, lo + gap), hi - gap)
    return [mid - gap, mid, mid + gap]


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``error:`` line and exit status 2 (:func:`fail`)."""

    def error(self, message: str) -> NoReturn:
        fail(message)
