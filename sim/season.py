"""Daily weather of a run: temperature and how much rain refills containers.

Built once per run from :class:`~sim.params.season.SeasonParams` for every day
from the first warm-up day to the last simulated day, so a day's weather is
one array lookup. Monthly normals are placed on the 15th of each month and
interpolated linearly between them (wrapping December to January).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import ConfigError
from sim.params.season import SeasonParams

__all__ = ["Weather", "weather_for"]

_DAYS_PER_MONTH = 365.25 / 12
#: A day counts as rainy in a CSV series at 1 mm or more (China Meteorological Administration).
_RAIN_DAY_MM = 1.0


@dataclass(frozen=True)
class Weather:
    """Temperature and rain for consecutive model days.

    Attributes:
        first_day: model day of the first entry (negative: the warm-up).
        dates: calendar date of each entry.
        temperature_c: daily mean temperature (C).
        rain_factor: refill chance relative to the reference rain (1 at the
            reference; 0 on a dry day of a CSV series).
    """

    first_day: int
    dates: tuple[dt.date, ...]
    temperature_c: np.ndarray
    rain_factor: np.ndarray

    def index(self, day: int) -> int:
        """Position of model ``day`` in the arrays."""
        return day - self.first_day


def _mid_month_days(year: int) -> np.ndarray:
    """Day of year (0-based) of the 15th of each month, with December before and January after."""
    mids = [(dt.date(year, m, 15) - dt.date(year, 1, 1)).days for m in range(1, 13)]
    return np.array([mids[-1] - 365, *mids, mids[0] + 365], dtype=float)


def _interpolate_monthly(dates: list[dt.date], monthly: tuple[float, ...]) -> np.ndarray:
    values = np.array([monthly[-1], *monthly, monthly[0]], dtype=float)
    out = np.empty(len(dates))
    for i, d in enumerate(dates):
        doy = (d - dt.date(d.year, 1, 1)).days
        out[i] = np.interp(doy, _mid_month_days(d.year), values)
    return out


def _read_csv(path: str, dates: list[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """Temperature and rain (mm) for ``dates`` from a ``date,temperature_c,rain_mm`` file."""
    key = "season.daily_csv"
    try:
        with Path(path).open(newline="") as f:
            rows = {r["date"]: r for r in csv.DictReader(f)}
    except FileNotFoundError:
        raise ConfigError(key, path, "file not found") from None
    except (KeyError, csv.Error) as err:
        raise ConfigError(key, path, f"must have columns date,temperature_c,rain_mm ({err})") from None
    missing = [d.isoformat() for d in dates if d.isoformat() not in rows]
    if missing:
        raise ConfigError(key, path, f"has no row for {len(missing)} needed dates, first {missing[0]}")
    try:
        temp = np.array([float(rows[d.isoformat()]["temperature_c"]) for d in dates])
        rain = np.array([float(rows[d.isoformat()]["rain_mm"]) for d in dates])
    except (KeyError, ValueError) as err:
        raise ConfigError(key, path, f"needs numbers in temperature_c and rain_mm ({err})") from None
    return temp, rain


def weather_for(season: SeasonParams, first_day: int, last_day: int) -> Weather:
    """The weather of model days ``first_day`` .. ``last_day`` (inclusive)."""
    dates = [season.start + dt.timedelta(days=d) for d in range(first_day, last_day + 1)]
    reference_share = season.reference_rain_days_per_month / _DAYS_PER_MONTH
    if season.mode == "constant":
        temp = np.full(len(dates), season.reference_temperature_c)
        rain = np.ones(len(dates))
    elif season.mode == "csv":
        temp, rain_mm = _read_csv(season.daily_csv, dates)
        rain = (rain_mm >= _RAIN_DAY_MM) / reference_share
    else:
        temp = _interpolate_monthly(dates, season.monthly_mean_temperature_c)
        rain = _interpolate_monthly(dates, season.monthly_rain_days) / _DAYS_PER_MONTH / reference_share
    return Weather(first_day, tuple(dates), temp, rain)
