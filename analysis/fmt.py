"""Numbers and labels as the analysis tools show them: one place for every text format.

* :func:`label` - a group or axis label: ``3.0`` -> ``"3"``, a missing value -> ``"NA"``.
* :func:`number` - a table cell with what the value holds: ``1,234``, ``64.5``, ``0.123``.
* :func:`rounded` - a number for a reader: whole from 10 on (``1,235``), one decimal below.
* :func:`percent` - a fraction as a percentage: ``0.4567`` -> ``"45.7%"``.
* :func:`significant` - a few significant digits: p-values, heat-map cells.
* :func:`md_text`, :func:`md_code` - user text made safe in Markdown (escaped; a code span).

A value is missing when it is ``None``, NaN (or ``pd.NA``) or infinite; each function
shows it as its ``missing`` text. The run outputs' own CSV format is
:func:`sim.outputs.timeseries_csv`, not this module.
"""

from __future__ import annotations

import math
import re
from numbers import Real

import pandas as pd

__all__ = ["in_sentence", "is_missing", "label", "listing", "md_code", "md_text", "number", "percent",
           "rounded", "significant"]


def is_missing(x: object) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and infinite numbers."""
    if x is None:
        return True
    if isinstance(x, Real):
        return not math.isfinite(float(x))
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # a list or array is a value, not a missing one
        return False


def label(value: object) -> str:
    """A group label: floats holding whole numbers lose ``.0``, a missing value is ``"NA"``.

    Used for group names (``strategy``, ``"2,10"`` staffing pairs) and axis ticks, so the
    same value always gives the same label: ``label(3.0) == label(3) == "3"``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NA"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number(x: object, missing: str = "") -> str:
    """A table cell: whole numbers exactly (``1,234``), others with 1 decimal from 10 on, else 3 digits.

    ``number(40.0) == "40"``, ``number(64.5) == "64.5"``, ``number(1234.56) == "1,234.6"``,
    ``number(0.12345) == "0.123"``.
    """
    if is_missing(x):
        return missing
    v = float(x)  # type: ignore[arg-type]
    if v.is_integer() and abs(v) < 1e12:
        return f"{int(v):,}"
    return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.3g}"


def rounded(x: object, missing: str = "–") -> str:
    """A number for a sentence or a report: whole from 10 on (``1,235``), else one decimal (``2.3``).

    Whole numbers below 10 keep no decimal: ``rounded(3.0) == "3"``.
    """
    if is_missing(x):
        return missing
    v = float(x)  # type: ignore[arg-type]
    return f"{v:,.0f}" if abs(v) >= 10 or v.is_integer() else f"{v:.1f}"


def in_sentence(x: object) -> str:
    """A number in a sentence of a report: :func:`rounded`, or ``n/a`` when there is none."""
    return rounded(x, missing="n/a")


def listing(items: list[str]) -> str:
    """Items in a sentence: ``"a"``, ``"a and b"``, ``"a, b and c"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: Said in place of an interval of infections averted that one paired run cannot give.
NO_INTERVAL = "no interval from one run per option"


def interval(low: object, high: object) -> str:
    """``"95% interval 960 to 1,019"`` in a sentence, or :data:`NO_INTERVAL` when there is none
    (:func:`analysis.paired_stats.mean_ci` gives none for a single paired run)."""
    if is_missing(low) or is_missing(high):
        return NO_INTERVAL
    return f"95% interval {in_sentence(low)} to {in_sentence(high)}"


def percent(fraction: object, missing: str = "–") -> str:
    """A fraction as a percentage with one decimal: ``percent(0.4567) == "45.7%"``."""
    if is_missing(fraction):
        return missing
    return f"{float(fraction) * 100:.1f}%"  # type: ignore[arg-type]


def significant(x: object, digits: int = 3, missing: str = "", whole_from: float = math.inf) -> str:
    """``digits`` significant digits (``0.00195``); from ``whole_from`` on, whole with separators.

    ``significant(12345.6, whole_from=100) == "12,346"`` (heat-map cells);
    ``significant(0.001953125) == "0.00195"`` (p-values).
    """
    if is_missing(x):
        return missing
    v = float(x)  # type: ignore[arg-type]
    return f"{v:,.0f}" if abs(v) >= whole_from else f"{v:.{digits}g}"


_MD_SPECIAL = re.compile(r"([\\`*_#<>\[\]|&])")


def md_text(text: object) -> str:
    """``text`` on one line with Markdown's special characters escaped (safe in a table cell)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: str, block: bool = False) -> str:
    """A code span of ``text`` (``block``: a code block's fence), more backticks than it has in a row."""
    ticks = "`" * max(3 if block else 1, 1 + max(map(len, re.findall("`+", text)), default=0))
    pad = " " * (text[:1] == "`" or text[-1:] == "`")
    return ticks if block else f"{ticks}{pad}{text}{pad}{ticks}"
