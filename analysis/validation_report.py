"""The written forms of a validation result: the agreement table (text or Markdown) and JSON.

A result is the output of :func:`analysis.validate.validate` for one disease:
``{"disease", "abm", "theory", "rows", "replicates"}``. Rates are per day,
delays in days, R0 case-to-case (human to human).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from analysis.epidemic_measures import ALIGN_FRACTION, GROWTH_WINDOW
from analysis.validation_runs import WELL_MIXED_OVERRIDES
from analysis.validation_stats import curve_metrics
from analysis.validation_tolerance import SYSTEMATIC, Z_ALLOWED

__all__ = ["format_table", "to_json"]


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return f"{value:.{digits}g}" if isinstance(value, float) else str(value)


def format_table(result: Mapping[str, Any], markdown: bool = False) -> str:
    """The agreement table of one disease, as plain text or Markdown."""
    abm, ode, day = result["abm"], result["theory"]["ode"], result["theory"]["day_step"]
    head = (f"{result['disease']}: {abm['replicates']} replicates, {abm['took_off']} took off "
            f"({abm['still_active_at_end']} with infected people left at the end); N_H = "
            f"{abm['population']:.0f}, N_V = {abm['mean_adults']:.0f} "
            f"(day-to-day CV {abm['cv_adults']:.2%}); "
            f"bites per mosquito per day {abm['bites_per_mosquito']:.4f} (Manore formula "
            f"{day['bites_per_mosquito']:.4f})")
    notes = (f"R0 case-to-case at the mean N_H, N_V: ODE {ode['r0']:.3f} (exponential EIP), Ross-Macdonald "
             f"{ode['r0_ross_macdonald']:.3f} (fixed EIP, p^n), discrete-day {day['r0']:.3f} "
             f"(p^n / (1 - p)); growth rate: ODE eigenvalue {ode['growth_rate_eigenvalue']:.4f}, "
             f"day-step renewal {day['growth_rate_renewal']:.4f} per day")
    cols = ["metric", "ABM +- SE", "ODE", "ABM/ODE +- SE", "tol", "ok", "day-step", "ABM/day +- SE", "tol",
            "ok"]
    lines = []
    for r in result["rows"]:
        cells = [r["metric"], f"{_fmt(r['abm'])} +- {_fmt(r['abm_se'], 2)}"]
        for side in ("ode", "day_step"):
            e = r[side]
            ratio = "-" if e["ratio"] is None else f"{e['ratio']:.3f} +- {_fmt(e['ratio_se'], 2)}"
            cells += [_fmt(e["value"]), ratio, _fmt(e["tolerance"], 2), _fmt(e["within"])]
        lines.append(cells)
    if markdown:
        out = [f"**{head}**", "", notes, "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        return "\n".join(out + ["| " + " | ".join(c) + " |" for c in lines]) + "\n"
    widths = [max(len(c[i]) for c in [cols, *lines]) for i in range(len(cols))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([head, notes, fmt.format(*cols), *(fmt.format(*c) for c in lines)]) + "\n"


def _jsonable(value: Any) -> Any:
    """``value`` with numpy arrays and scalars as Python lists and numbers, non-finite floats as None."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(results: Sequence[Mapping[str, Any]], seeds: Sequence[int], seconds: float) -> dict[str, Any]:
    """The content of ``validation.json`` (replicate curves left out, scalars kept).

    Args:
        results: one result per disease.
        seeds: the replicate seeds.
        seconds: wall time of the whole validation (s).
    """
    out: dict[str, Any] = {
        "overrides": list(WELL_MIXED_OVERRIDES), "seeds": list(seeds), "wall_seconds": round(seconds, 1),
        "growth_window": list(GROWTH_WINDOW), "align_fraction": ALIGN_FRACTION,
        "standard_errors_allowed": Z_ALLOWED,
        "systematic_allowance": [{"metric": k[0], "theory": k[1], "allowance": v}
                                 for k, v in SYSTEMATIC.items()],
        "diseases": {},
    }
    for res in results:
        theory = {k: v for k, v in res["theory"].items() if k != "kernel"}
        reps = [{"seed": r["seed"], "population": r["population"], "mean_adults": r["mean_adults"],
                 "r0_early": r["r0_early"], "early_offspring": r["early_offspring"],
                 **curve_metrics(r["cumulative"], r["infectious"], r["population"])}
                for r in res["replicates"]]
        out["diseases"][res["disease"]] = {"abm": res["abm"], "theory": theory, "rows": res["rows"],
                                           "replicates": reps}
    return _jsonable(out)
