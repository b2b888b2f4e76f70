"""The common look of the sweep figures: groups, their order and colours, labels, saving.

Every figure of :mod:`analysis.figures` labels runs by group (``group_labels``), lists
the groups in one order (``ordered_labels``: ``baseline`` first, then numbers, then
names), gives each group the same colour everywhere (``group_colors``), names axes
with units (``axis_label``), starts from the same blank figure (``new_axes``) and is
saved the same way (``save_figure``: PNG at 150 dpi and SVG). Only matplotlib's object
API is used, never pyplot.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis import fmt
from sim.outputs import atomic_target

__all__ = [
    "BASELINE_COLOR", "BRETEAU_BANDS", "FIGSIZE", "UNITS", "By", "axis_label", "by_title",
    "group_colors", "group_labels", "label_sort_key", "new_axes", "ordered_labels",
    "require_columns", "save_figure",
]  # fmt: skip

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


def axis_label(column: str) -> str:
    """Axis label of a per-run column: ``Total infections (people)``."""
    unit = UNITS.get(column)
    return column.replace("_", " ").capitalize() + (f" ({unit})" if unit else "")


def label_sort_key(label: str) -> tuple[int, float, str]:
    """Sort key of a group label: numbers first, in numeric order, then names."""
    try:
        return (0, float(label), "")
    except ValueError:
        return (1, 0.0, label)


def ordered_labels(labels: object) -> list[str]:
    """The distinct labels in display order: ``baseline`` first, then by ``label_sort_key``."""
    uniq = sorted({str(v) for v in labels}, key=label_sort_key)  # type: ignore[attr-defined]
    return sorted(uniq, key=lambda v: v != "baseline")


def group_colors(labels: Sequence[str] | pd.Series) -> dict[str, str]:
    """Map group labels to colours: ``baseline`` dark grey, others tab10 in sorted order.

    The same set of labels always gets the same colours, so all figures of a sweep agree.
    """
    palette = [to_hex(c) for i, c in enumerate(colormaps["tab10"].colors) if i != 7]
    others = [v for v in ordered_labels(labels) if v != "baseline"]
    colors = {v: palette[i % len(palette)] for i, v in enumerate(others)}
    return {"baseline": BASELINE_COLOR, **colors} if "baseline" in set(map(str, labels)) else colors


def require_columns(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ``KeyError`` naming the first of ``columns`` missing from ``df`` (``what`` option)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"unknown {what} column {missing[0]!r}; available: {', '.join(df)}")


def group_labels(runs_df: pd.DataFrame, by: By) -> pd.Series:
    """Label each run with its group: the ``by`` values joined by ``,``."""
    cols = [by] if isinstance(by, str) else list(by)
    require_columns(runs_df, cols, "--by")
    return runs_df[cols].apply(lambda r: ",".join(fmt.label(v) for v in r), axis=1)


def by_title(by: By) -> str:
    """The group column(s) as written in titles and legends."""
    return by if isinstance(by, str) else ", ".join(by)


def new_axes() -> tuple[Figure, Axes]:
    """A blank figure of ``FIGSIZE`` with one axes (constrained layout)."""
    fig = Figure(figsize=FIGSIZE, layout="constrained")
    return fig, fig.subplots()


def save_figure(fig: Figure, out_dir: str | os.PathLike[str], name: str) -> list[Path]:
    """Save ``fig`` atomically as ``name.png`` (150 dpi) and ``name.svg``; return the paths."""
    paths = [Path(out_dir) / f"{name}.{fmt}" for fmt in ("png", "svg")]
    for path in paths:
        with atomic_target(path) as tmp:
            fig.savefig(tmp, format=path.suffix[1:], dpi=150)
    return paths
