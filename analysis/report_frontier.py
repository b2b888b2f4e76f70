"""The report's figure of staff time against infections, best trade-offs circled.

One point per scenario at its median person-days and median infections, with bars
holding 90% of runs (5th-95th percentile). The best trade-offs
(:func:`analysis.verdict.trade_offs`: the Pareto front among the options with a clear
effect, never the baseline) are circled and joined by a dashed line, the same list
the verdict names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.figure_style import group_colors
from analysis.report_tradeoffs import trade_offs

__all__ = ["frontier", "frontier_alt"]

#: Columns of the point: x (person-days, median) and y (infections, median).
COLS = ("person_days_total_median", "total_infections_median")


def _label_offsets(xy: np.ndarray, close: float = 0.07) -> list[int]:
    """Vertical label offsets (points) that stack the labels of points lying close together."""
    span = np.ptp(xy, axis=0)
    norm = xy / np.where(span > 0, span, 1.0)
    offsets: list[int] = []
    for i in range(len(xy)):
        near = [offsets[j] for j in range(i) if np.hypot(*(norm[i] - norm[j])) < close]
        offsets.append(max(near) + 11 if near else 6)
    return offsets


def frontier(table: pd.DataFrame) -> Figure:
    """Person-days against median infections, one point per scenario, best trade-offs circled."""
    fig = Figure(figsize=(8.0, 5.5), layout="constrained")
    ax = fig.subplots()
    colors = group_colors(list(table.index))
    front = trade_offs(table)
    rows = table.dropna(subset=list(COLS))
    offsets = _label_offsets(rows[list(COLS)].to_numpy(dtype=float)) if len(rows) else []
    for (name, r), dy in zip(rows.iterrows(), offsets, strict=True):
        x, y = r[COLS[0]], r[COLS[1]]
        xerr = [[x - r["person_days_total_p5"]], [r["person_days_total_p95"] - x]]
        yerr = [[y - r["total_infections_p5"]], [r["total_infections_p95"] - y]]
        ax.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="o", ms=7, color=colors[name], capsize=3, zorder=3)
        on = name in front
        if on:
            ax.plot(x, y, "o", ms=15, mfc="none", mec="black", mew=1.5, zorder=4, gid=f"trade-off {name}")
        ax.annotate(name, (x, y), xytext=(9, dy), textcoords="offset points", fontsize=8, zorder=5,
                    weight="bold" if on else "normal",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    pts = table.loc[front, list(COLS)].to_numpy(dtype=float)
    if len(pts):
        ax.plot(pts[:, 0], pts[:, 1], "--", color="black", lw=1, zorder=2)
    handles = [Line2D([], [], ls="--", marker="o", ms=10, mfc="none", mec="black", color="black",
                      label="best trade-offs among options with a clear effect (circled)")]
    fig.legend(handles=handles, loc="outside lower center", fontsize=8)
    ax.margins(x=0.08, y=0.12)
    ax.set(title="Cost and infections of each scenario", xlabel="Staff time (person-days, median)",
           ylabel="Infections (median; bars: 90% of runs)")
    ax.grid(alpha=0.3)
    return fig


def frontier_alt(table: pd.DataFrame) -> str:
    """Alt text of :func:`frontier`: what it plots and which options are circled."""
    front = trade_offs(table)
    circled = f"circled as best trade-offs: {', '.join(front)}" if front else "none circled (no clear effect)"
    return (f"Scatter chart of staff time (median person-days) against median infections, one dot per "
            f"option ({len(table)} including no campaign); {circled}.")
