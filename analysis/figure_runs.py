"""Sweep figures of one outcome per run: box plot by group, staffing heat map, tornado chart.

Each takes the collected runs table (one row per run) and an outcome column such as
``total_infections``; none needs the daily time series.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import fmt
from analysis.figure_style import (
    UNITS,
    By,
    axis_label,
    by_title,
    group_colors,
    group_labels,
    label_sort_key,
    new_axes,
    ordered_labels,
    require_columns,
)

__all__ = ["cases_boxplot", "staffing_heatmap", "tornado"]


def cases_boxplot(runs_df: pd.DataFrame, by: By = "strategy", value: str = "total_infections"
                  ) -> Figure:
    """Box plot of a per-run outcome for each group, with the individual runs as dots."""
    require_columns(runs_df, [value], "outcome")
    labels = group_labels(runs_df, by)
    colors = group_colors(labels)
    vals = pd.to_numeric(runs_df[value], errors="coerce")
    order = [g for g in ordered_labels(labels) if vals[labels == g].notna().any()]
    data = [vals[labels == g].dropna().to_numpy() for g in order]
    fig, ax = new_axes()
    boxes = ax.boxplot(data, patch_artist=True, widths=0.6, showfliers=False)
    rng = np.random.default_rng(0)
    for i, (g, d) in enumerate(zip(order, data, strict=True)):
        boxes["boxes"][i].set(facecolor=colors[g], alpha=0.45)
        ax.scatter(i + 1 + rng.uniform(-0.15, 0.15, len(d)), d, s=12, color=colors[g], zorder=3)
    ax.set_xticks(range(1, len(order) + 1), order)
    handles = [Patch(color=colors[g], alpha=0.6, label=f"{g} (n={len(d)})")
               for g, d in zip(order, data, strict=True)]
    ax.legend(handles=handles, title=by_title(by), fontsize=8)
    ax.set(title=f"{value.replace('_', ' ').capitalize()} per run by {by_title(by)}",
           xlabel=by_title(by), ylabel=axis_label(value))
    ax.grid(axis="y", alpha=0.3)
    return fig


def staffing_heatmap(runs_df: pd.DataFrame, x: str, y: str, value: str = "total_infections"
                     ) -> Figure:
    """Median ``value`` on the grid of two staffing axes ``x`` and ``y`` (colour bar = legend)."""
    require_columns(runs_df, [x, y, value], "--heatmap/outcome")
    grid = runs_df.pivot_table(index=y, columns=x, values=value, aggfunc="median")
    grid = grid.sort_index().sort_index(axis=1)
    fig, ax = new_axes()
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
    fig.colorbar(im, ax=ax, label=f"Median {axis_label(value).lower()}")
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
    require_columns(runs_df, [*param_columns, outcome], "--tornado/outcome")
    overall = float(runs_df[outcome].median())
    rows = []
    for p in param_columns:
        vals = runs_df[p].dropna()
        levels = sorted(vals.unique(), key=lambda v: label_sort_key(str(v)))
        if len(levels) >= 2:
            lo, hi = (runs_df.loc[vals.index[vals == lv], outcome].median() - overall
                      for lv in (levels[0], levels[-1]))
            rows.append((p, levels[0], levels[-1], lo, hi))
    if not rows:
        raise ValueError("no --tornado parameter has two or more swept values")
    rows.sort(key=lambda r: max(abs(r[3]), abs(r[4])))
    fig, ax = new_axes()
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
