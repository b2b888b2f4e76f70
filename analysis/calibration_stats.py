"""The summary statistics of an epidemic, computed the same way from the Foshan data and a run.

Day 0 is the day of detection (Foshan: 8 Jul 2025; model: the day the
case-threshold trigger fires):

* ``growth_rate`` (per day): growth of cumulative reported cases over days 10-15
  after detection (:data:`GROWTH_WINDOW`; data 18 -> 23 Jul, 1,199 -> 3,645,
  doubling ~3 d), ln((C(T + 15) + 1) / (C(T + 10) + 1)) / 5 in the model. The same
  window in both: it holds the detection ramp (clinics diagnosing a virus they had
  not tested for, fever screening finding the backlog, a shorter reporting delay)
  as well as transmission, so it is not read as the infections' growth rate;
* ``peak_delay`` (days): peak of daily reported cases (3-day centred mean in the
  model) minus day 0;
* ``weekly_decline`` (ratio per week): exp(slope) of log weekly reported cases over
  :data:`DECLINE_WEEKS` weeks from the peak week;
* ``attack_rate`` (fraction): infections in the index community by day
  :data:`INDEX_WINDOW_DAYS`; the data give a lower bound (more than 230 among more
  than 3,600 residents, data README).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.calibration_data import DETECTION_DATE, foshan_daily, load_data, weekly_local

__all__ = [
    "DECLINE_WEEKS", "GROWTH_WINDOW", "INDEX_ATTACK_RATE", "INDEX_WINDOW_DAYS",
    "STAT_NAMES", "data_statistics", "sim_statistics", "weekly_decline_ratio",
]  # fmt: skip

#: Growth window in days after detection: 18 -> 23 Jul 2025.
GROWTH_WINDOW: tuple[int, int] = (10, 15)
#: Weeks in the post-peak decline fit (peak week and four more).
DECLINE_WEEKS = 5
#: Index community: > 230 infections among > 3,600 residents within ~14 days of detection.
INDEX_ATTACK_RATE = 230 / 3600
INDEX_WINDOW_DAYS = 14
#: The statistics the objective compares (besides the one-sided attack rate).
STAT_NAMES: tuple[str, ...] = ("growth_rate", "peak_delay", "weekly_decline")


def weekly_decline_ratio(weekly_counts: Sequence[float], pseudo: float = 0.5) -> float:
    """Weekly ratio exp(slope) of a least-squares line through log(count + ``pseudo``)."""
    y = np.log(np.asarray(weekly_counts, dtype=float) + pseudo)
    x = np.arange(y.size, dtype=float)
    return float(np.exp(np.polyfit(x, y, 1)[0]))


def data_statistics(data: Mapping[str, pd.DataFrame] | None = None) -> dict[str, float]:
    """Summary statistics of the Foshan 2025 epidemic (day 0 = detection, 8 Jul).

    Args:
        data: the tables of :func:`analysis.calibration_data.load_data` (loaded if None).

    Returns:
        ``growth_rate`` (per day), ``doubling_days`` (d), ``peak_delay`` (d after detection),
        ``weekly_decline`` (ratio per week), ``attack_rate`` (index community, fraction).
    """
    data = load_data() if data is None else data
    cum = data["cumulative"]
    cum = cum[cum["area"] == "Foshan"].assign(date=lambda d: pd.to_datetime(d["date"])).set_index("date")
    a, b = (DETECTION_DATE + pd.Timedelta(days=d) for d in GROWTH_WINDOW)
    c0, c1 = float(cum.loc[a, "cumulative_confirmed_cases"]), float(cum.loc[b, "cumulative_confirmed_cases"])
    growth = math.log(c1 / c0) / (GROWTH_WINDOW[1] - GROWTH_WINDOW[0])
    daily = foshan_daily(data)
    peak_date = pd.Timestamp(daily.loc[daily["new_confirmed_cases"].idxmax(), "date"])
    weekly = weekly_local(data)
    weekly = weekly[weekly["week_end"].map(pd.Timestamp) >= peak_date]
    counts = weekly["foshan_local_cases"].to_numpy(dtype=float)[:DECLINE_WEEKS]
    return {
        "growth_rate": growth,
        "doubling_days": math.log(2) / growth,
        "peak_delay": float((peak_date - DETECTION_DATE).days),
        "weekly_decline": weekly_decline_ratio(counts),
        "attack_rate": INDEX_ATTACK_RATE,
    }


def sim_statistics(reported: np.ndarray, infections: np.ndarray, trigger_day: int | None,
                   population: int) -> dict[str, float]:
    """The :func:`data_statistics` of one simulated run.

    Args:
        reported: daily new reported cases (index = simulation day).
        infections: daily new infections.
        trigger_day: day the campaign switch fired (detection), or None.
        population: village population (people).

    Returns:
        The same keys as :func:`data_statistics` (NaN where undefined, e.g. no trigger).
    """
    nan = float("nan")
    if trigger_day is None:
        return dict.fromkeys((*STAT_NAMES, "doubling_days", "attack_rate"), nan)
    rep = np.asarray(reported, dtype=float)
    cum = np.cumsum(rep)
    a, b = (min(trigger_day + d, cum.size - 1) for d in GROWTH_WINDOW)
    growth = math.log((cum[b] + 1.0) / (cum[a] + 1.0)) / max(b - a, 1)
    smooth = np.convolve(rep, np.ones(3) / 3, mode="same")
    peak = int(np.argmax(smooth))
    weeks = [rep[peak + 7 * k: peak + 7 * (k + 1)].sum() for k in range(DECLINE_WEEKS)]
    inf_by = float(np.sum(infections[: trigger_day + INDEX_WINDOW_DAYS + 1]))
    return {
        "growth_rate": growth,
        "doubling_days": math.log(2) / growth if growth > 0 else math.inf,
        "peak_delay": float(peak - trigger_day),
        "weekly_decline": weekly_decline_ratio(weeks),
        "attack_rate": inf_by / max(population, 1),
    }
