"""The season: daily temperature and rain, and the temperature the trait defaults belong to.

Defaults are Foshan's summer as the 2025 outbreak met it: the run's day 0 is
16 June 2025, the first symptom onset (China CDC Weekly, via secondary
summaries). Monthly mean temperatures are the mid-points of Guangzhou's
long-term monthly mean maxima and minima (whatstheweatherlike.org; Foshan's
January and July means, 13.3 and 28.5 C, agree within 1 C), interpolated
linearly between mid-months; rain days per month are Guangzhou's
(same source). A CSV of daily values (``date,temperature_c,rain_mm``) can
replace the normals (``mode: csv``); ``mode: constant`` holds the reference
temperature and the reference rain every day, so every trait keeps its
declared default (the well-mixed ODE comparison uses it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.errors import ConfigError
from sim.params.fields import param, validate

__all__ = ["SEASON_MODES", "SeasonParams"]

SEASON_MODES: tuple[str, ...] = ("normals", "csv", "constant")


@dataclass(frozen=True)
class SeasonParams:
    """Weather of the run.

    Attributes:
        mode: ``normals`` (monthly normals interpolated to days), ``csv`` (daily
            values from ``daily_csv``) or ``constant`` (the reference every day).
        start_date: calendar date of day 0 (ISO ``YYYY-MM-DD``); the vector
            warm-up runs over the days before it.
        reference_temperature_c: temperature (C) at which the declared trait
            defaults hold (28 C: survival after Caminade et al. 2017, EIP after
            Dubrulle et al. 2009, gonotrophic cycle after Delatte et al. 2009).
        reference_rain_days_per_month: rain days in a 30-day month at which the
            declared refill chances hold (16, July in Guangzhou).
        monthly_mean_temperature_c: mean temperature of January ... December (C).
        monthly_rain_days: days with rain in January ... December.
        daily_csv: file of daily weather for ``mode: csv`` (relative to the
            working directory); rows must cover the warm-up and the run.
    """

    mode: str = param("normals", choices=SEASON_MODES)
    start_date: str = "2025-06-16"
    reference_temperature_c: float = param(28.0, low=0.0, high=45.0)
    reference_rain_days_per_month: float = param(16.0, low=0.0, high=30.0, low_open=True)
    monthly_mean_temperature_c: tuple[float, ...] = param(
        (14.0, 14.5, 18.5, 22.5, 26.5, 27.5, 29.0, 29.0, 27.5, 25.0, 20.0, 15.5), low=-30.0, high=45.0)
    monthly_rain_days: tuple[float, ...] = param(
        (9.0, 12.0, 15.0, 16.0, 19.0, 19.0, 16.0, 17.0, 13.0, 8.0, 7.0, 7.0), low=0.0, high=31.0)
    daily_csv: str = ""

    def __post_init__(self) -> None:
        validate(self)
        try:
            dt.date.fromisoformat(self.start_date)
        except ValueError:
            raise ConfigError("start_date", self.start_date, "must be a date YYYY-MM-DD") from None
        for name in ("monthly_mean_temperature_c", "monthly_rain_days"):
            if len(getattr(self, name)) != 12:
                raise ConfigError(name, list(getattr(self, name)), "must list 12 months, January first")
        if self.mode == "csv" and not self.daily_csv:
            raise ConfigError("daily_csv", self.daily_csv, "must name a file when mode is csv")

    @property
    def start(self) -> dt.date:
        """Calendar date of day 0."""
        return dt.date.fromisoformat(self.start_date)
