"""The calibration figure: reported cases of the fitted model against Foshan 2025."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.calibration_data import (
    DEPLOYMENT_DATE,
    DETECTION_DATE,
    FOSHAN_POPULATION,
    foshan_daily,
    weekly_local,
)

__all__ = ["fit_figure"]


def fit_figure(runs: Sequence[Mapping[str, Any]], data_frames: Mapping[str, pd.DataFrame]) -> Figure:
    """Data vs simulation, day 0 = detection: per 10,000 people per day (log) and relative to the peak.

    Args:
        runs: runs of :func:`analysis.calibration_runs.run_overrides` (one per seed).
        data_frames: the tables of :func:`analysis.calibration_data.load_data`.
    """
    horizon = np.arange(-20, 50)
    curves = []
    for r in runs:
        if r["trigger_day"] is None:
            continue
        rep = np.asarray(r["reported"], dtype=float)
        idx = horizon + r["trigger_day"]
        ok = (idx >= 0) & (idx < rep.size)
        curve = np.full(horizon.size, np.nan)
        curve[ok] = rep[idx[ok]] / r["population"] * 1e4
        curves.append(curve)
    sim = np.array(curves)
    daily = foshan_daily(data_frames)
    dday = (daily["date"] - DETECTION_DATE).dt.days.to_numpy()
    drate = daily["new_confirmed_cases"].to_numpy(float) / FOSHAN_POPULATION * 1e4
    weekly = weekly_local(data_frames)
    wday = (weekly["week_start"] - DETECTION_DATE).dt.days.to_numpy()
    wrate = weekly["foshan_local_cases"].to_numpy(float) / 7 / FOSHAN_POPULATION * 1e4
    fig = Figure(figsize=(11.0, 4.2))
    ax1, ax2 = fig.subplots(1, 2)
    deploy = (DEPLOYMENT_DATE - DETECTION_DATE).days
    with warnings.catch_warnings():  # days no seed reached (no trigger) stay NaN and are not drawn
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(sim, axis=0)
        lo, hi = np.nanmin(sim, axis=0), np.nanmax(sim, axis=0)
    for ax, scale in ((ax1, None), (ax2, "peak")):
        s_med, s_lo, s_hi, d_rate, w_rate = med, lo, hi, drate, wrate
        if scale == "peak":
            top = np.nanmax(med)
            s_med, s_lo, s_hi = med / top, lo / top, hi / top
            d_rate, w_rate = drate / drate.max(), wrate / drate.max()
        ax.fill_between(horizon, s_lo, s_hi, color="#1f77b4", alpha=0.25, lw=0,
                        label=f"model, range over {len(curves)} seeds")
        ax.plot(horizon, s_med, color="#1f77b4", lw=2, label="model, median")
        ax.plot(dday, d_rate, "o", color="black", label="Foshan daily reports")
        ax.step(wday, w_rate, where="post", color="#d62728", lw=1.5, label="Foshan weekly / 7")
        ax.axvline(0, color="grey", ls=":", lw=1)
        ax.axvline(deploy, color="grey", ls="--", lw=1)
        ax.text(deploy + 0.5, 0.97, "full deployment\n(24 Jul)", transform=ax.get_xaxis_transform(),
                va="top", fontsize=8, color="grey")
        ax.set_xlabel("Days after detection / trigger (0 = 8 Jul 2025)")
        ax.set_xlim(horizon[0], horizon[-1])
    ax1.set_yscale("log")
    ax1.set_ylabel("Reported cases per 10,000 people per day")
    ax1.set_title("Absolute (model: village; data: Foshan city)", fontsize=10)
    ax2.set_ylabel("Reported cases per day, relative to peak")
    ax2.set_title("Shape (each series divided by its peak)", fontsize=10)
    ax2.legend(fontsize=8, loc="center right")
    fig.suptitle("Calibration of the shunde_2025 strategy to Foshan 2025 chikungunya reports")
    fig.tight_layout()
    return fig
