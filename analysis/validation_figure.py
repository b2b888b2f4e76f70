"""The validation figure: infectious humans in the ABM against the ODE and the day-step twin."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from analysis.epidemic_measures import ALIGN_FRACTION, crossing_day
from analysis.validation_runs import took_off
from sim.outputs import atomic_target

__all__ = ["plot_curves"]


def _aligned(series: np.ndarray, start: float | None, span: tuple[int, int]) -> np.ndarray:
    """``series`` on days relative to ``start`` (rounded), padded with NaN, over ``span``."""
    out = np.full(span[1] - span[0], np.nan)
    if start is None:
        return out
    rel = np.arange(series.size) - round(start)
    keep = (rel >= span[0]) & (rel < span[1])
    out[rel[keep] - span[0]] = series[keep]
    return out


def plot_curves(results: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Infectious humans: ABM median and 90% band vs the ODE and the day-step twin.

    Top row in calendar days, bottom row aligned on the day cumulative infections
    reach ``ALIGN_FRACTION`` of the population (each replicate shifted by its own
    day). Written atomically as PNG to ``path``, which is returned.
    """
    fig = Figure(figsize=(5.2 * len(results), 7.0))
    axes = fig.subplots(2, len(results), squeeze=False)
    for col, res in enumerate(results):
        took = [r for r in res["replicates"] if took_off(r)]
        ode, day = res["theory"]["ode"], res["theory"]["day_step"]
        n_days = len(took[0]["infectious"]) if took else len(ode["infectious"])
        span = (-60, n_days - 40)
        for row in range(2):
            ax = axes[row, col]
            if row == 0:
                x = np.arange(n_days)
                abm = np.array([r["infectious"][:n_days] for r in took], float)
                curves = [(ode["infectious"][:n_days], "ODE (Manore 2014)", "C3", "-"),
                          (day["infectious"][:n_days], "day-step twin", "k", "--")]
            else:
                x = np.arange(*span)
                abm = np.array([_aligned(r["infectious"], crossing_day(
                    r["cumulative"], ALIGN_FRACTION * r["population"]), span) for r in took])
                curves = [(_aligned(ode["infectious"], ode["align_day"], span), "ODE", "C3", "-"),
                          (_aligned(day["infectious"], day["align_day"], span), "day-step twin", "k", "--")]
            if abm.size:
                with warnings.catch_warnings():  # days no replicate covers after alignment
                    warnings.simplefilter("ignore", RuntimeWarning)
                    lo, med, hi = np.nanpercentile(abm, [5, 50, 95], axis=0)
                ax.fill_between(x, lo, hi, color="C0", alpha=0.25, lw=0, label="ABM 90% band")
                ax.plot(x, med, color="C0", lw=2, label=f"ABM median ({len(took)} runs)")
            for y, label, color, style in curves:
                ax.plot(x[: len(y)], y[: len(x)], color=color, ls=style, lw=1.5, label=label)
            ax.set_ylabel("infectious humans")
            ax.set_xlabel("day" if row == 0 else f"days since {ALIGN_FRACTION:.0%} infected")
            ax.grid(alpha=0.3)
            if row == 0:
                ax.set_title(f"{res['disease']}, well-mixed village")
                ax.legend(fontsize=8)
    fig.tight_layout()
    with atomic_target(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    return Path(path)
