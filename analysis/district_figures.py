"""Figures of one district run: the map of cases and risk levels, towns over time, risk shares.

Usage::

    python -m analysis.district_figures RUN_DIR [--days 30,45,60] [--out DIR]

``RUN_DIR`` is a folder of ``python -m sim.run district=...`` (day 0's date is read from
``.hydra/config.yaml``, else 16 June 2025). PNG (150 dpi) and SVG go to ``--out`` (default
``outputs/district_figures/<run folder name>``, never inside the run folder):

* ``district_map``: villages at their position (km), sized by residents; top row reported
  cases per 1,000 residents in the 7 days up to each day of ``--days`` (default the peak of
  district reported cases and 20 days either side), bottom row that day's Breteau index on
  the national risk scale (:data:`sim.district.outputs.RISK_LEVELS`);
* ``district_towns``: daily reported cases per 10,000 residents by town (7-day centred mean);
* ``district_map_compare`` (no file; the planner's report draws it): the map of several runs of
  the district on one day, e.g. no campaign against an option with the same seed;
* ``district_risk``: share of affected villages (a reported case so far) at each risk level,
  with the Foshan 2025 reports (:data:`FOSHAN_OBSERVATIONS`) on their dates within the run.

Bad input prints one ``error:`` line, exits with status 2 and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps, patheffects
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.district_run import (
    DistrictRun,
    OneLineParser,
    default_days,
    load_district,
    parse_days,
    village_wide,
)
from analysis.figure_style import BRETEAU_BANDS, save_figure
from analysis.tables import fail
from sim.district.outputs import RISK_LEVELS

__all__ = [
    "CASES_CMAP", "FOSHAN_OBSERVATIONS", "RISK_COLORS", "Observation", "district_map", "district_map_compare",
    "district_risk",
    "district_towns", "main", "make_district_figures", "observations_in_run", "weekly_cases_per_1000",
]  # fmt: skip

#: Colour of each risk level (the China CDC bands of :data:`analysis.figure_style.BRETEAU_BANDS`).
RISK_COLORS: dict[str, str] = {name: b[2] for (name, _), b in zip(RISK_LEVELS, BRETEAU_BANDS, strict=True)}
#: Sequential colour map of reported cases per 1,000 residents (white: none).
CASES_CMAP = "Reds"
#: Parent of the default output folder (``<this>/<run folder name>``).
DEFAULT_OUT = Path("outputs") / "district_figures"
_HALO = [patheffects.withStroke(linewidth=3, foreground="white")]


@dataclass(frozen=True)
class Observation:
    """A reported share of affected villages at some risk levels on a date (Foshan 2025)."""

    date: dt.date
    levels: tuple[str, ...]
    share: float
    label: str


#: Shares of affected villages reported in Foshan, 2025 (Xinhua via China Daily, 29 Jul 2025;
#: CGTN, 23-24 Jul 2025): by 20 July 90% below high risk and 33% safe; by 28 July 78% safe.
FOSHAN_OBSERVATIONS: tuple[Observation, ...] = (
    Observation(dt.date(2025, 7, 20), ("safe", "low", "medium"), 0.90, "20 Jul: 90% below high"),
    Observation(dt.date(2025, 7, 20), ("safe",), 0.33, "20 Jul: 33% safe"),
    Observation(dt.date(2025, 7, 28), ("safe",), 0.78, "28 Jul: 78% safe"),
)


def weekly_cases_per_1000(run: DistrictRun) -> pd.DataFrame:
    """Reported cases per 1,000 residents in the 7 days up to each day (day x village)."""
    week = village_wide(run, "new_reported_cases").rolling(7, min_periods=1).sum()
    return week / run.places.set_index("village")["residents"] * 1000.0


def _map_axes(ax: Axes, run: DistrictRun, colors: Sequence[object], day: int, label: str = "") -> None:
    """One map panel: villages coloured by ``colors``, titled ``[label · ]Day d · date``."""
    p = run.places
    area = 700 * min(1.0, 20 / len(p)) * p["residents"] / p["residents"].max()  # points², fewer: larger
    ax.scatter(p["x_km"], p["y_km"], s=area, c=colors,
               edgecolors="#404040", linewidths=0.8, zorder=2)
    seeded = p[p["seeded"] == 1]
    ax.scatter(seeded["x_km"], seeded["y_km"], marker="*", s=90, c="black", edgecolors="white",
               linewidths=0.6, zorder=3)
    for town, g in p.groupby("town"):
        ax.text(g["x_km"].mean(), g["y_km"].mean(), str(town), ha="center", va="center", fontsize=12,
                weight="bold", color="#1f3b73", alpha=0.85, path_effects=_HALO, zorder=4)
    date = run.date(day)
    ax.set_title(f"{label} · " * bool(label) + f"Day {day} · {date.day} {date:%b %Y}", fontsize=11)
    ax.set_aspect("equal")
    ax.grid(alpha=0.25)


def district_map(run: DistrictRun, days: Sequence[int] | None = None) -> Figure:
    """Small multiples of the district map, one column per day (default :func:`default_days`):
    top row reported cases per 1,000 residents in the last 7 days (one colour scale), bottom
    row the Breteau index's risk level; a star marks the seeded village(s)."""
    days = list(days) if days is not None else default_days(run)
    return _map_grid([(run, day, "") for day in days],
                     f"{run.name}: reported cases (top) and risk level (bottom) by village")


def district_map_compare(runs: Sequence[tuple[str, DistrictRun]], day: int) -> Figure:
    """The district map of several runs of the same district on one ``day``, one column per
    run titled by its label (e.g. no campaign against an option, same seed): rows and scales
    as :func:`district_map`."""
    return _map_grid([(run, day, label) for label, run in runs],
                     "Reported cases (top) and risk level (bottom) by village")


def _map_grid(columns: Sequence[tuple[DistrictRun, int, str]], title: str) -> Figure:
    """Two rows of map panels, one column per ``(run, day, label)``; the villages' places are
    the first run's (runs of one district share them)."""
    rates = [weekly_cases_per_1000(run).loc[day].to_numpy() for run, day, _ in columns]
    norm = Normalize(0.0, max(1.0, *(float(r.max()) for r in rates)))
    cmap = colormaps[CASES_CMAP]
    n = len(columns)
    fig = Figure(figsize=(3.6 * n + 2.0, 8.4), layout="constrained")
    grid = fig.add_gridspec(2, n + 1, width_ratios=[1.0] * n + [0.07])
    axes = np.array([[fig.add_subplot(grid[r, k]) for k in range(n)] for r in range(2)])
    for k, ((run, day, label), rate) in enumerate(zip(columns, rates, strict=True)):
        _map_axes(axes[0, k], run, cmap(norm(rate)), day, label)
        _map_axes(axes[1, k], run, [RISK_COLORS[v] for v in village_wide(run, "risk_level").loc[day]], day,
                  label)
        axes[1, k].set_xlabel("x (km)")
    x, y = columns[0][0].places["x_km"], columns[0][0].places["y_km"]
    for ax in axes.flat:
        ax.set(xlim=(x.min() - 0.6, x.max() + 0.6), ylim=(y.min() - 0.6, y.max() + 0.6))
        ax.set_ylabel("y (km)" if ax in axes[:, 0] else "")
        ax.tick_params(labelleft=ax in axes[:, 0], labelbottom=ax in axes[1])
    fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=fig.add_subplot(grid[0, -1]),
                 label="Reported cases per 1,000 residents\nin the last 7 days")
    bands = [label.split(": ", 1)[0] for *_, label in BRETEAU_BANDS]
    handles: list[object] = [Patch(facecolor=RISK_COLORS[name], edgecolor="#404040", label=f"{name} ({band})")
                             for (name, _), band in zip(RISK_LEVELS, bands, strict=True)]
    handles += [Line2D([], [], ls="", marker="*", ms=11, mfc="black", mec="white", label="seeded village"),
                Line2D([], [], ls="", marker="o", ms=10, mfc="white", mec="#404040", label="area: residents")]
    fig.legend(handles=handles, title="Bottom row: risk level of the day's Breteau index (BI)",
               loc="outside lower center", ncol=len(handles) if n >= 3 else (len(handles) + 1) // 2,
               fontsize=9, title_fontsize=9)
    fig.suptitle(title, fontsize=13)
    return fig


def _date_axis(ax: Axes, run: DistrictRun) -> None:
    ax.xaxis.set_major_formatter(ConciseDateFormatter(AutoDateLocator()))
    ax.set_xlabel(f"Date (day 0 = {run.start.day} {run.start:%b %Y})")
    ax.grid(alpha=0.3)


def district_towns(run: DistrictRun) -> Figure:
    """Daily reported cases per 10,000 residents by town and for the district (7-day centred mean)."""
    residents = run.places.groupby("town")["residents"].sum()
    daily = run.villages.pivot_table(index="day", columns="town", values="new_reported_cases", aggfunc="sum")
    rates = daily / residents * 1e4
    rates["district"] = daily.sum(axis=1) / residents.sum() * 1e4
    smooth = rates.rolling(7, center=True, min_periods=1).mean()
    fig = Figure(figsize=(9.0, 5.0), layout="constrained")
    ax = fig.subplots()
    dates = run.dates(smooth.index)
    palette = colormaps["tab10"].colors
    for k, town in enumerate(smooth.columns[:-1]):
        ax.plot(dates, smooth[town], color=palette[k % 10], lw=2,
                label=f"{town} ({int(residents[town]):,} residents)")
    ax.plot(dates, smooth["district"], color="black", lw=1.5, ls="--", label="district")
    _date_axis(ax, run)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=9)
    ax.set(title=f"Reported cases by town ({run.name}; 7-day centred mean)",
           ylabel="Reported cases per 10,000 residents (per day)")
    return fig


def observations_in_run(run: DistrictRun) -> list[Observation]:
    """The Foshan observations whose date falls inside the run."""
    first, last = run.date(run.days[0]), run.date(run.days[-1])
    return [o for o in FOSHAN_OBSERVATIONS if first <= o.date <= last]


def district_risk(run: DistrictRun) -> Figure:
    """Stacked share of affected villages at each risk level by day, the number of affected
    villages (right axis) and the Foshan 2025 reports in the run's dates (markers, ``gid`` =
    ``foshan <label>``)."""
    ts = run.timeseries
    dates = run.dates(ts["day"])
    fig = Figure(figsize=(9.0, 5.2), layout="constrained")
    ax = fig.subplots()
    names = [name for name, _ in RISK_LEVELS]
    ax.stackplot(dates, *(ts[f"affected_share_{n}"] for n in names), colors=[RISK_COLORS[n] for n in names],
                 labels=names, alpha=0.85, lw=0)
    right = ax.twinx()
    right.step(dates, ts["villages_affected"], where="post", color="black", lw=1.2)
    right.set_ylabel("Villages affected (line; count)")
    right.set_ylim(0, len(run.places) * 1.05)
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="black", lw=1.2, label="villages affected (right)"))
    style = {"ls": "", "mfc": "white", "mec": "black", "mew": 1.8}
    for o in observations_in_run(run):
        ax.plot([o.date], [o.share], marker="v" if len(o.levels) > 1 else "o", ms=10, zorder=5,
                gid=f"foshan {o.label}", **style)
        ax.annotate(o.label, (o.date, o.share), xytext=(8, 4), textcoords="offset points", fontsize=9,
                    path_effects=_HALO)
    if observations_in_run(run):
        handles += [Line2D([], [], marker=m, ms=8, label=f"Foshan 2025: share {what}", **style)
                    for m, what in (("o", "safe"), ("v", "below high"))]
    fig.legend(handles=handles, loc="outside lower center", ncol=4, fontsize=9)
    _date_axis(ax, run)
    ax.set(ylim=(0, 1), title=f"Risk level of affected villages ({run.name})",
           ylabel="Share of affected villages (fraction)")
    return fig


def make_district_figures(run_dir: str | os.PathLike[str], out: str | os.PathLike[str] | None = None,
                          days: str | None = None) -> list[Path]:
    """Build and save the three figures; return the paths (``days``: as ``--days``). Raises
    ``FileNotFoundError`` or ``ValueError`` for a bad run folder, ``days`` or ``out``, writing nothing."""
    run = load_district(run_dir)
    chosen = parse_days(days, run) if days is not None else default_days(run)
    out_dir = Path(out) if out is not None else DEFAULT_OUT / run.folder.resolve().name
    if run.contains(out_dir):
        raise ValueError(f"--out={str(out_dir)!r}: must not be inside the run folder {run.folder}")
    figs = {"district_map": district_map(run, chosen), "district_towns": district_towns(run),
            "district_risk": district_risk(run)}
    return [p for name, fig in figs.items() for p in save_figure(fig, out_dir, name)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    import matplotlib

    matplotlib.use("Agg")
    parser = OneLineParser(prog="python -m analysis.district_figures", description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", help="folder of a district run (python -m sim.run district=...)")
    parser.add_argument("--days", help="days of the map's columns, e.g. 30,45,60 (default: peak and ±20)")
    parser.add_argument("--out", help="output folder (default: outputs/district_figures/<run folder name>)")
    args = parser.parse_args(argv)
    try:
        paths = make_district_figures(args.run_dir, args.out, args.days)
    except (OSError, ValueError, KeyError) as exc:  # KeyError: a table without a column read here
        fail(str(exc))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
