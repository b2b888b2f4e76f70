"""Tolerances of the validation: when is an ABM / theory ratio close enough to 1?

A ratio passes when |ratio - 1| <= a systematic allowance (:data:`SYSTEMATIC`,
per metric and theory) + :data:`Z_ALLOWED` standard errors of the ratio. The
allowances against the ODE cover the measured effect of its exponential stages;
against the day-step theory only discreteness is left. The figures behind them
are in docs/readme/50-validation.md ("Tolerances").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["ROWS", "SYSTEMATIC", "Z_ALLOWED", "compare"]

#: Standard errors of the ABM mean allowed on top of the systematic allowance.
Z_ALLOWED = 3.0
#: Systematic allowance |ABM / theory - 1| per (metric, theory), before adding Z_ALLOWED standard
#: errors. Against the day-step theory only discreteness is left (the twin has no noise and no
#: mosquito-side depletion in the R0 adjustment); against the ODE the allowance covers the measured
#: effect of its exponential stages (see docs/readme/50-validation.md for the figures).
SYSTEMATIC: dict[tuple[str, str], float] = {
    ("growth_rate", "ode"): 0.15,
    ("growth_rate", "day_step"): 0.03,
    ("attack_rate", "ode"): 0.03,
    ("attack_rate", "day_step"): 0.01,
    ("peak_delay_days", "ode"): 0.12,
    ("peak_delay_days", "day_step"): 0.03,
    ("peak_prevalence", "ode"): 0.25,
    ("peak_prevalence", "day_step"): 0.03,
    ("r0", "ode"): 0.08,
    ("r0", "day_step"): 0.03,
}
#: (label, metric) of the agreement table, in order.
ROWS: tuple[tuple[str, str], ...] = (
    ("growth rate (/d)", "growth_rate"),
    ("final attack rate", "attack_rate"),
    ("1%-to-peak delay (d)", "peak_delay_days"),
    ("peak share infectious", "peak_prevalence"),
    ("early R0, depletion-adjusted", "r0_adjusted"),
    ("early R0, raw (summary)", "r0_early"),
    ("share of runs that died out", "died_out"),
)


def compare(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows of the agreement table with a verdict against the ODE and the day-step theory.

    Args:
        summary: :func:`analysis.validation_stats.summarise_replicates` output.

    Returns:
        One row per :data:`ROWS` entry: ``metric`` (label), ``key``, ``abm``, ``abm_se`` and,
        for ``ode`` and ``day_step``, ``value``, ``ratio``, ``ratio_se``, ``tolerance`` and
        ``within`` (None for rows without an allowance: raw R0, died out, reported only).
    """
    rows = []
    for label, name in ROWS:
        m = summary["metrics"][name]
        row: dict[str, Any] = {"metric": label, "key": name, "abm": m["abm"], "abm_se": m["abm_se"]}
        for side in ("ode", "day_step"):
            entry = {"value": None, "ratio": None, "ratio_se": None, **m.get(side, {}),
                     "tolerance": None, "within": None}
            allowance = SYSTEMATIC.get((name.replace("r0_adjusted", "r0"), side))
            if allowance is not None and entry["ratio"] is not None:
                entry["tolerance"] = allowance + Z_ALLOWED * (entry["ratio_se"] or 0.0)
                entry["within"] = bool(abs(entry["ratio"] - 1.0) <= entry["tolerance"])
            row[side] = entry
        rows.append(row)
    return rows
