"""The district study's figure: the simulated Shunde against the 2025 reports, and its counterfactuals.

Day 0 is detection (8 Jul 2025 in the data; the trigger day in the model). Counts are per
10,000 residents: Shunde 3,229,090 (census), Foshan 9,600,000
(:data:`analysis.calibration_data.FOSHAN_POPULATION`), the model its simulated residents.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.calibration_data import DEPLOYMENT_DATE, DETECTION_DATE, FOSHAN_POPULATION, load_data

__all__ = ["SHUNDE_POPULATION", "aligned", "study_figure"]

#: Shunde's census population (people): the data README and FIELD_BRIEF.
SHUNDE_POPULATION = 3_229_090
#: Days shown, relative to detection.
HORIZON = np.arange(-20, 80)


def aligned(series: pd.DataFrame, scenario: str, cumulative: bool = False) -> np.ndarray:
    """Seeds x :data:`HORIZON`: the scenario's daily (or cumulative) reported cases per 10,000,
    day 0 = each run's detection (NaN where the run has no such day)."""
    rows = []
    for r in series[series["scenario"] == scenario].itertuples():
        if r.trigger_day is None or pd.isna(r.trigger_day):
            continue
        rep = np.asarray(r.reported, dtype=float)
        rep = np.cumsum(rep) if cumulative else rep
        idx = HORIZON + int(r.trigger_day)
        ok = (idx >= 0) & (idx < rep.size)
        curve = np.full(HORIZON.size, np.nan)
        curve[ok] = rep[idx[ok]] / r.population * 1e4
        rows.append(curve)
    return np.array(rows) if rows else np.full((0, HORIZON.size), np.nan)


def _data(area: str, table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    frame = load_data()[table]
    frame = frame[frame["area"] == area]
    days = (pd.to_datetime(frame["date"]) - DETECTION_DATE).dt.days.to_numpy()
    per = SHUNDE_POPULATION if area == "Shunde" else FOSHAN_POPULATION
    return days, frame[column].to_numpy(float) / per * 1e4


def _band(ax, curves: np.ndarray, color: str, label: str) -> None:
    if not len(curves):
        return
    with warnings.catch_warnings():  # days no run reached are NaN in every seed: left blank
        warnings.simplefilter("ignore", RuntimeWarning)
        ax.fill_between(HORIZON, np.nanmin(curves, axis=0), np.nanmax(curves, axis=0), color=color, alpha=0.2,
                        lw=0)
        ax.plot(HORIZON, np.nanmedian(curves, axis=0), color=color, lw=2, label=label)


def study_figure(series: pd.DataFrame, scenarios: Mapping[str, Sequence[str]]) -> Figure:
    """Three panels: daily and cumulative reported cases of the campaign against Shunde and Foshan,
    and every scenario's daily curve (median over seeds, band = min-max)."""
    fig = Figure(figsize=(15, 4.6), layout="constrained")
    ax_daily, ax_cum, ax_cf = fig.subplots(1, 3)
    full_week = (DEPLOYMENT_DATE - DETECTION_DATE).days
    for ax in (ax_daily, ax_cum, ax_cf):
        ax.axvline(0, color="0.4", lw=0.8, ls=":")
        ax.axvline(full_week, color="0.4", lw=0.8, ls="--")
        ax.set_xlabel("days after detection (8 Jul 2025 in the data)")
        ax.set_yscale("log")
        ax.grid(alpha=0.3)
    _band(ax_daily, aligned(series, "campaign"), "C0", "model: campaign (median, range over seeds)")
    for area, marker in (("Shunde", "o"), ("Foshan", "s")):
        d, v = _data(area, "daily", "new_confirmed_cases")
        ax_daily.plot(d, v, marker, color="k" if area == "Shunde" else "0.5", label=f"{area} 2025 (reported)")
        d, v = _data(area, "cumulative", "cumulative_confirmed_cases")
        ax_cum.plot(d, v, marker, color="k" if area == "Shunde" else "0.5", label=f"{area} 2025 (reported)")
    _band(ax_cum, aligned(series, "campaign", cumulative=True), "C0", "model: campaign")
    ax_daily.set_ylabel("reported cases per 10,000 residents per day")
    ax_daily.set_title("Daily reported cases")
    ax_cum.set_ylabel("cumulative reported cases per 10,000")
    ax_cum.set_title("Cumulative reported cases")
    for k, name in enumerate(scenarios):
        _band(ax_cf, aligned(series, name), f"C{k}", name)
    ax_cf.set_ylabel("reported cases per 10,000 residents per day")
    ax_cf.set_title("Counterfactuals (dashed: full cadre week, 24 Jul)")
    for ax in (ax_daily, ax_cum, ax_cf):
        ax.legend(fontsize=7, loc="lower right")
    return fig
