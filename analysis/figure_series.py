"""Sweep figures over time: each group's median daily series with its 5–95% band across runs.

``epidemic_curves`` (daily reported cases), ``breeding_sites`` (active sites) and
``breteau`` (Breteau index on the China CDC risk bands) plot against simulation day;
``calibration_view`` plots reported cases per 10,000 against calendar date, next to
Foshan's 2025 daily reports (found by ``data_path``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.calibration_data import DATA_DIR, FOSHAN_POPULATION
from analysis.figure_style import (
    BRETEAU_BANDS,
    By,
    by_title,
    group_colors,
    group_labels,
    new_axes,
    ordered_labels,
)

__all__ = [
    "breeding_sites", "breteau", "calibration_view",
    "data_path", "epidemic_curves",
]  # fmt: skip



def _wide(ts: pd.DataFrame, column: str) -> pd.DataFrame:
    if column not in ts.columns:
        raise KeyError(f"timeseries has no column {column!r}")
    return ts.assign(run_id=ts["run_id"].astype(str)).pivot_table(
        index="day", columns="run_id", values=column)


def _draw_bands(ax: Axes, wide: pd.DataFrame, groups: dict[str, str], x: object = None) -> None:
    """Median line and 5–95% band across runs (columns of ``wide``) for each group."""
    labels = pd.Series(wide.columns.map(groups), index=wide.columns).dropna()
    colors = group_colors(labels)
    for g in ordered_labels(labels):
        q = wide[labels.index[labels == g]].quantile([0.05, 0.5, 0.95], axis=1)
        xs = wide.index if x is None else x
        ax.fill_between(xs, q.loc[0.05], q.loc[0.95], color=colors[g], alpha=0.2, lw=0)
        ax.plot(xs, q.loc[0.5], color=colors[g], lw=2, label=f"{g} (n={int((labels == g).sum())})")


def _groups(runs: pd.DataFrame, by: By) -> dict[str, str]:
    return dict(zip(runs["run_id"].astype(str), group_labels(runs, by), strict=True))


def _band_legend(ax: Axes, title: str) -> None:
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(color="grey", alpha=0.25, label="5–95% range across runs"))
    ax.legend(handles=handles, title=title, loc="upper right", fontsize=8, title_fontsize=8)
    ax.grid(alpha=0.3)


def _band_figure(ts: pd.DataFrame, runs: pd.DataFrame, by: By, column: str) -> tuple[Figure, Axes]:
    fig, ax = new_axes()
    _draw_bands(ax, _wide(ts, column), _groups(runs, by))
    _band_legend(ax, f"{by_title(by)}: median")
    ax.set_xlabel("Simulation day (days)")
    return fig, ax


def epidemic_curves(ts: pd.DataFrame, runs_df: pd.DataFrame, by: By = "strategy") -> Figure:
    """Median daily new reported cases per group with 5–95% bands across runs.

    Args:
        ts: Collected timeseries (``run_id``, ``day``, daily columns).
        runs_df: Collected runs (``run_id`` and the ``by`` columns).
        by: Group column(s).
    """
    fig, ax = _band_figure(ts, runs_df, by, "new_reported_cases")
    ax.set(title=f"Daily reported cases by {by_title(by)}", ylabel="New reported cases (per day)")
    return fig


def breeding_sites(ts: pd.DataFrame, runs_df: pd.DataFrame, by: By = "strategy") -> Figure:
    """Median active breeding sites per group over time with 5–95% bands (args as above)."""
    fig, ax = _band_figure(ts, runs_df, by, "active_breeding_sites")
    title = f"Active breeding sites by {by_title(by)}"
    ax.set(title=title, ylabel="Active breeding sites (count)")
    return fig


def breteau(ts: pd.DataFrame, runs_df: pd.DataFrame, by: By = "strategy") -> Figure:
    """Median Breteau index per group over time on shaded risk bands (``BRETEAU_BANDS``)."""
    fig, ax = _band_figure(ts, runs_df, by, "breteau_index")
    top = max(25.0, ax.get_ylim()[1])
    for low, high, color, _ in BRETEAU_BANDS:
        ax.axhspan(low, min(high, top), color=color, alpha=0.12, zorder=0, lw=0)
    ax.set_ylim(0, top)
    ax.add_artist(ax.get_legend())
    bands = [Patch(color=c, alpha=0.3, label=lab) for _, _, c, lab in BRETEAU_BANDS]
    ax.legend(handles=bands[::-1], loc="upper center", fontsize=8, title="Risk level")
    ax.set(title=f"Breteau index by {by_title(by)}",
           ylabel="Breteau index (positive containers per 100 houses)")
    return fig


def data_path(data_csv: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the Foshan daily CSV (a file, its folder, or ``None`` for the default).

    Raises:
        FileNotFoundError: If the file does not exist (one-line message).
    """
    path = Path(data_csv) if data_csv is not None else DATA_DIR
    path = path / "foshan_2025_daily.csv" if path.is_dir() else path
    if not path.is_file():
        raise FileNotFoundError(f"Foshan daily case data not found: {path} (pass --data PATH)")
    return path


def calibration_view(timeseries_df: pd.DataFrame, data_csv: str | os.PathLike[str] | None,
                     population: float, *, runs_df: pd.DataFrame | None = None,
                     by: By = "strategy", area: str = "Foshan",
                     data_population: float = FOSHAN_POPULATION, day0_date: str | None = None,
                     ) -> Figure:
    """Simulated daily reported cases per 10,000 against Foshan's 2025 daily reports.

    Assumptions: the observed counts are scaled by Foshan's 2025 population of about
    9.6 million (``data_population``); city-wide rates are therefore far below the
    rates of a single outbreak village, so the y axis is symmetric-log. Unless
    ``day0_date`` (the calendar date of simulation day 0) is given, the peak of the
    median curve over all runs is aligned with the observed peak day (19 Jul 2025).

    Args:
        timeseries_df: Collected timeseries (``run_id``, ``day``, ``new_reported_cases``).
        data_csv: ``foshan_2025_daily.csv`` or the folder holding it; ``None`` means
            ``DATA_DIR`` (``../shared/data`` next to the repository).
        population: Simulated population (people) for the per-10,000 scaling.
        runs_df: If given, one band per group of ``by`` (else one band for all runs).
        by: Group column(s) of ``runs_df``.
        area: Which ``area`` rows of the data to plot (``Foshan`` or ``Shunde``).
        data_population: Population of ``area`` (people).
        day0_date: ISO date of simulation day 0, or ``None`` to align peaks.

    Raises:
        FileNotFoundError: If the data file is missing (one-line message).
        ValueError: If the data has no rows for ``area``.
    """
    path = data_path(data_csv)
    obs = pd.read_csv(path, parse_dates=["date"])
    obs = obs[obs["area"] == area].sort_values("date")
    if obs.empty:
        raise ValueError(f"no rows for area {area!r} in {path}")
    wide = _wide(timeseries_df, "new_reported_cases") / population * 1e4
    peak = obs.loc[obs["new_confirmed_cases"].idxmax(), "date"]
    shift = pd.Timedelta(days=int(wide.median(axis=1).idxmax()))
    start = pd.Timestamp(day0_date) if day0_date else peak - shift
    dates = start + pd.to_timedelta(wide.index.to_numpy(dtype=float), unit="D")
    fig, ax = new_axes()
    groups = _groups(runs_df, by) if runs_df is not None else dict.fromkeys(wide.columns, "sim")
    _draw_bands(ax, wide, groups, x=dates)
    rate = obs["new_confirmed_cases"] / data_population * 1e4
    ax.plot(obs["date"], rate, "o", color="black",
            label=f"{area} 2025 reported (pop. {data_population / 1e6:.1f} M)")
    how = "" if day0_date else " (peaks aligned)"
    _band_legend(ax, f"median; sim day 0 = {start:%d %b}{how}")
    ax.set_yscale("symlog", linthresh=0.1)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(AutoDateLocator()))
    ax.set(title="Calibration: simulated vs Foshan 2025 daily reported cases",
           xlabel="Date (2025)", ylabel="New reported cases per 10,000 population (per day)")
    return fig
