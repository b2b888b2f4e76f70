"""Figures for a collected sweep: epidemic curves, vector indices, outcomes, calibration.

Usage::

    python -m analysis.figures SWEEP_DIR_OR_COLLECTED_DIR [--out DIR] [--by strategy]
        [--heatmap X,Y] [--tornado col1,col2] [--outcome total_infections]
        [--data FOSHAN_DAILY_CSV] [--no-calibration]

Each figure is saved as PNG (150 dpi) and SVG in ``--out`` (default: ``<input>/figures``).
Library functions build and return ``matplotlib.figure.Figure`` objects without pyplot;
only the CLI selects the Agg backend. Groups keep the same colour in every figure
(``group_colors``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import fmt
from analysis.collect import load_collected
from analysis.tables import fail
from sim.outputs import atomic_target

__all__ = [
    "BRETEAU_BANDS", "DEFAULT_DATA_DIR", "FOSHAN_POPULATION", "breeding_sites", "breteau",
    "calibration_view", "cases_boxplot", "data_path", "epidemic_curves", "group_colors",
    "group_labels", "main", "make_figures", "save_figure", "staffing_heatmap", "tornado",
]  # fmt: skip

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
FOSHAN_POPULATION = 9_600_000
FIGSIZE = (8.0, 5.0)
BASELINE_COLOR = "#4d4d4d"
# Breteau index risk bands (China CDC / Guangdong provincial guidance, 2025).
BRETEAU_BANDS = (
    (0.0, 5.0, "#2ca02c", "BI <5: control standard"),
    (5.0, 10.0, "#ffd92f", "BI 5–10: transmission risk"),
    (10.0, 20.0, "#fd8d3c", "BI 10–20: medium risk"),
    (20.0, np.inf, "#d62728", "BI ≥20: high risk"),
)
UNITS = {"total_infections": "people", "total_reported_cases": "cases",
         "peak_daily_reported_cases": "cases/day", "person_days_total": "person-days",
         "outbreak_end_day": "day", "days_to_breteau_below_5": "days",
         "attack_rate": "fraction", "clearance_rate": "fraction"}
By = str | Sequence[str]


def _pretty(column: str) -> str:
    unit = UNITS.get(column)
    return column.replace("_", " ").capitalize() + (f" ({unit})" if unit else "")


def _sort_key(label: str) -> tuple[int, float, str]:
    try:
        return (0, float(label), "")
    except ValueError:
        return (1, 0.0, label)


def _ordered(labels: object) -> list[str]:
    uniq = sorted({str(v) for v in labels}, key=_sort_key)  # type: ignore[attr-defined]
    return sorted(uniq, key=lambda v: v != "baseline")


def group_colors(labels: Sequence[str] | pd.Series) -> dict[str, str]:
    """Map group labels to colours: ``baseline`` dark grey, others tab10 in sorted order.

    The same set of labels always gets the same colours, so all figures of a sweep agree.
    """
    palette = [to_hex(c) for i, c in enumerate(colormaps["tab10"].colors) if i != 7]
    others = [v for v in _ordered(labels) if v != "baseline"]
    colors = {v: palette[i % len(palette)] for i, v in enumerate(others)}
    return {"baseline": BASELINE_COLOR, **colors} if "baseline" in set(map(str, labels)) else colors


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"unknown {what} column {missing[0]!r}; available: {', '.join(df)}")


def group_labels(runs_df: pd.DataFrame, by: By) -> pd.Series:
    """Label each run with its group: the ``by`` values joined by ``,``."""
    cols = [by] if isinstance(by, str) else list(by)
    _require(runs_df, cols, "--by")
    return runs_df[cols].apply(lambda r: ",".join(fmt.label(v) for v in r), axis=1)


def _title_by(by: By) -> str:
    return by if isinstance(by, str) else ", ".join(by)


def _axes() -> tuple[Figure, Axes]:
    fig = Figure(figsize=FIGSIZE, layout="constrained")
    return fig, fig.subplots()


def _wide(ts: pd.DataFrame, column: str) -> pd.DataFrame:
    if column not in ts.columns:
        raise KeyError(f"timeseries has no column {column!r}")
    return ts.assign(run_id=ts["run_id"].astype(str)).pivot_table(
        index="day", columns="run_id", values=column)


def _draw_bands(ax: Axes, wide: pd.DataFrame, groups: dict[str, str], x: object = None) -> None:
    """Median line and 5–95% band across runs (columns of ``wide``) for each group."""
    labels = pd.Series(wide.columns.map(groups), index=wide.columns).dropna()
    colors = group_colors(labels)
    for g in _ordered(labels):
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
    fig, ax = _axes()
    _draw_bands(ax, _wide(ts, column), _groups(runs, by))
    _band_legend(ax, f"{_title_by(by)}: median")
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
    ax.set(title=f"Daily reported cases by {_title_by(by)}", ylabel="New reported cases (per day)")
    return fig


def breeding_sites(ts: pd.DataFrame, runs_df: pd.DataFrame, by: By = "strategy") -> Figure:
    """Median active breeding sites per group over time with 5–95% bands (args as above)."""
    fig, ax = _band_figure(ts, runs_df, by, "active_breeding_sites")
    title = f"Active breeding sites by {_title_by(by)}"
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
    ax.set(title=f"Breteau index by {_title_by(by)}",
           ylabel="Breteau index (positive containers per 100 houses)")
    return fig


def cases_boxplot(runs_df: pd.DataFrame, by: By = "strategy", value: str = "total_infections"
                  ) -> Figure:
    """Box plot of a per-run outcome for each group, with the individual runs as dots."""
    _require(runs_df, [value], "outcome")
    labels = group_labels(runs_df, by)
    colors = group_colors(labels)
    vals = pd.to_numeric(runs_df[value], errors="coerce")
    order = [g for g in _ordered(labels) if vals[labels == g].notna().any()]
    data = [vals[labels == g].dropna().to_numpy() for g in order]
    fig, ax = _axes()
    boxes = ax.boxplot(data, patch_artist=True, widths=0.6, showfliers=False)
    rng = np.random.default_rng(0)
    for i, (g, d) in enumerate(zip(order, data, strict=True)):
        boxes["boxes"][i].set(facecolor=colors[g], alpha=0.45)
        ax.scatter(i + 1 + rng.uniform(-0.15, 0.15, len(d)), d, s=12, color=colors[g], zorder=3)
    ax.set_xticks(range(1, len(order) + 1), order)
    handles = [Patch(color=colors[g], alpha=0.6, label=f"{g} (n={len(d)})")
               for g, d in zip(order, data, strict=True)]
    ax.legend(handles=handles, title=_title_by(by), fontsize=8)
    ax.set(title=f"{value.replace('_', ' ').capitalize()} per run by {_title_by(by)}",
           xlabel=_title_by(by), ylabel=_pretty(value))
    ax.grid(axis="y", alpha=0.3)
    return fig


def staffing_heatmap(runs_df: pd.DataFrame, x: str, y: str, value: str = "total_infections"
                     ) -> Figure:
    """Median ``value`` on the grid of two staffing axes ``x`` and ``y`` (colour bar = legend)."""
    _require(runs_df, [x, y, value], "--heatmap/outcome")
    grid = runs_df.pivot_table(index=y, columns=x, values=value, aggfunc="median")
    grid = grid.sort_index().sort_index(axis=1)
    fig, ax = _axes()
    arr = grid.to_numpy(dtype=float)
    im = ax.imshow(arr, origin="lower", aspect="auto", cmap="viridis")
    mid = (np.nanmin(arr) + np.nanmax(arr)) / 2 if np.isfinite(arr).any() else 0.0
    for (i, j), v in np.ndenumerate(arr):
        if np.isfinite(v):
            style = {"ha": "center", "va": "center", "fontsize": 8}
            text, color = fmt.significant(v, whole_from=100), "white" if v < mid else "black"
            ax.text(j, i, text, color=color, **style)
    ax.set_xticks(range(arr.shape[1]), [fmt.label(v) for v in grid.columns])
    ax.set_yticks(range(arr.shape[0]), [fmt.label(v) for v in grid.index])
    fig.colorbar(im, ax=ax, label=f"Median {_pretty(value).lower()}")
    title = f"Median {value.replace('_', ' ')} by staffing"
    ax.set(title=title, xlabel=f"{x} (staff)", ylabel=f"{y} (staff)")
    return fig


def tornado(runs_df: pd.DataFrame, param_columns: Sequence[str],
            outcome: str = "total_infections") -> Figure:
    """Tornado chart: outcome median at each parameter's lowest/highest swept value.

    Bars show the change relative to the overall median of ``outcome``. Parameters with
    fewer than two swept values are left out.

    Raises:
        KeyError: If a column is missing.
        ValueError: If no parameter has two or more swept values.
    """
    _require(runs_df, [*param_columns, outcome], "--tornado/outcome")
    overall = float(runs_df[outcome].median())
    rows = []
    for p in param_columns:
        vals = runs_df[p].dropna()
        levels = sorted(vals.unique(), key=lambda v: _sort_key(str(v)))
        if len(levels) >= 2:
            lo, hi = (runs_df.loc[vals.index[vals == lv], outcome].median() - overall
                      for lv in (levels[0], levels[-1]))
            rows.append((p, levels[0], levels[-1], lo, hi))
    if not rows:
        raise ValueError("no --tornado parameter has two or more swept values")
    rows.sort(key=lambda r: max(abs(r[3]), abs(r[4])))
    fig, ax = _axes()
    y = np.arange(len(rows))
    for off, idx, color, name in ((-0.2, 3, "#1f77b4", "lowest"), (0.2, 4, "#ff7f0e", "highest")):
        widths = [r[idx] for r in rows]
        ax.barh(y + off, widths, height=0.4, color=color, label=f"at {name} swept value")
        for yi, r, w in zip(y, rows, widths, strict=True):
            where = {"xytext": (3 if w >= 0 else -3, 0), "ha": "left" if w >= 0 else "right"}
            ax.annotate(fmt.label(r[idx - 2]), (w, yi + off), textcoords="offset points",
                        fontsize=7, va="center", **where)
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(y, [r[0] for r in rows])
    ax.legend(fontsize=8, loc="lower right", title="parameter")
    unit = UNITS.get(outcome, "units")
    ax.set(title=f"Sensitivity of median {outcome.replace('_', ' ')}", ylabel="Parameter",
           xlabel=f"Change in median vs overall median of {overall:,.0f} ({unit})")
    return fig


def data_path(data_csv: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the Foshan daily CSV (a file, its folder, or ``None`` for the default).

    Raises:
        FileNotFoundError: If the file does not exist (one-line message).
    """
    path = Path(data_csv) if data_csv is not None else DEFAULT_DATA_DIR
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
            ``DEFAULT_DATA_DIR`` (``../shared/data`` next to the repository).
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
    fig, ax = _axes()
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


def save_figure(fig: Figure, out_dir: str | os.PathLike[str], name: str) -> list[Path]:
    """Save ``fig`` atomically as ``name.png`` (150 dpi) and ``name.svg``; return the paths."""
    paths = [Path(out_dir) / f"{name}.{fmt}" for fmt in ("png", "svg")]
    for path in paths:
        with atomic_target(path) as tmp:
            fig.savefig(tmp, format=path.suffix[1:], dpi=150)
    return paths


def make_figures(source: str | os.PathLike[str], out: str | os.PathLike[str] | None = None,
                 by: By = "strategy", *, heatmap: Sequence[str] | None = None,
                 tornado_columns: Sequence[str] | None = None, outcome: str = "total_infections",
                 data_csv: str | os.PathLike[str] | None = None, calibration: bool = True,
                 ) -> list[Path]:
    """Build and save every figure for a sweep; return the written paths.

    Args:
        source: Sweep folder, collected folder or ``runs.csv``.
        out: Output folder (default ``<source folder>/figures``).
        by: Group column(s).
        heatmap: Two staffing columns ``(x, y)`` for ``staffing_heatmap``.
        tornado_columns: Parameter columns for ``tornado``.
        outcome: Per-run outcome column for box plot, heatmap and tornado.
        data_csv: Foshan daily CSV for the calibration view (default: shared data).
        calibration: Whether to draw the calibration view.

    Raises:
        FileNotFoundError, KeyError, ValueError: On missing inputs or columns; nothing is
            written then.
    """
    col = load_collected(source)
    runs, ts = col.runs, col.timeseries
    if runs.empty:
        raise ValueError(f"no finished runs in {source}")
    group_labels(runs, by)
    if heatmap is not None and len(heatmap) != 2:
        raise ValueError(f"--heatmap needs exactly two columns X,Y, got {list(heatmap)}")
    data = data_path(data_csv) if calibration else None
    figs: dict[str, Figure] = {}
    if ts is not None and not ts.empty:
        for fn in (epidemic_curves, breeding_sites, breteau):
            figs[fn.__name__] = fn(ts, runs, by)
        if data is not None and "population" in runs.columns:
            pop = float(runs["population"].median())
            figs["calibration_view"] = calibration_view(ts, data, pop, runs_df=runs, by=by)
    figs["cases_boxplot"] = cases_boxplot(runs, by, outcome)
    if heatmap:
        figs["staffing_heatmap"] = staffing_heatmap(runs, heatmap[0], heatmap[1], outcome)
    if tornado_columns:
        figs["tornado"] = tornado(runs, tornado_columns, outcome)
    out_dir = Path(out) if out else col.base_dir / "figures"
    return [p for name, fig in figs.items() for p in save_figure(fig, out_dir, name)]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    import matplotlib

    matplotlib.use("Agg")
    parser = argparse.ArgumentParser(prog="python -m analysis.figures", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="Hydra multirun folder, collected folder, or runs.csv")
    parser.add_argument("--out", help="output folder (default: <source folder>/figures)")
    parser.add_argument("--by", default="strategy", help="group column(s), comma-separated")
    parser.add_argument("--heatmap", help="two staffing columns X,Y for the staffing heatmap")
    parser.add_argument("--tornado", help="comma-separated parameter columns for a tornado chart")
    parser.add_argument("--outcome", default="total_infections", help="per-run outcome column")
    parser.add_argument("--data", help="Foshan daily CSV or its folder (default: ../shared/data)")
    parser.add_argument("--no-calibration", action="store_true", help="skip the calibration view")
    args = parser.parse_args(argv)

    def split(s: str | None) -> list[str] | None:
        return [c.strip() for c in s.split(",") if c.strip()] if s else None

    try:
        paths = make_figures(args.source, args.out, split(args.by) or "strategy",
                             heatmap=split(args.heatmap), tornado_columns=split(args.tornado),
                             outcome=args.outcome, data_csv=args.data,
                             calibration=not args.no_calibration)
    except KeyError as exc:
        fail(str(exc.args[0]))
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
