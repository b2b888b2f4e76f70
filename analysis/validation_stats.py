"""ABM statistics next to theory: each replicate paired with the theory of its own village.

For an ABM configuration with N_H people and N_V adult mosquitoes,
:func:`theory_for` evaluates the ODE of Manore et al. 2014 with its R0
(:mod:`analysis.reference_ode`) and the ABM's own day-step theory
(:mod:`analysis.day_step_twin`); :func:`summarise_replicates` measures every
replicate's curve the same way (:func:`curve_metrics`) and averages the ratios
ABM / theory with their standard errors. Days and per-day rates throughout.

The standard errors are closed forms, not bootstraps: the standard error of a
mean (:func:`mean_se`), the delta method for the pooled R0, a ratio of two sums
(:func:`ratio_se`; Cochran 1977, Sampling Techniques, ch. 6), and the
binomial standard error of the share that died out. They enter the tolerance as
``Z_ALLOWED`` standard errors (:mod:`analysis.validation_tolerance`), so they must be
deterministic and cheap for 8-32 replicates, which a resampling estimate is not.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from analysis.day_step_twin import day_step_twin, discrete_kernel, extinction_probability, renewal_growth_rate
from analysis.epidemic_measures import (
    ALIGN_FRACTION,
    aligned_peak_delay,
    crossing_day,
    fit_growth_rate,
    peak_prevalence,
)
from analysis.reference_ode import (
    early_growth_rate,
    ode_r0,
    reference_params_for,
    ross_macdonald_r0,
    solve_seir_sei,
)
from analysis.validation_runs import took_off
from sim.params.run_params import RunParams

__all__ = [
    "CURVE_METRICS",
    "curve_metrics",
    "expected_early_offspring",
    "mean_se",
    "ratio_se",
    "summarise_replicates",
    "theory_for",
]

#: The metrics measured on every epidemic curve, ABM or theory.
CURVE_METRICS: tuple[str, ...] = ("growth_rate", "attack_rate", "peak_delay_days", "peak_prevalence")
_SIDES: tuple[str, ...] = ("ode", "day_step")


def mean_se(values: Sequence[float] | np.ndarray) -> tuple[float | None, float | None]:
    """Mean of the finite values and its standard error s / sqrt(n) (None when undefined)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return None, None
    return float(x.mean()), (float(x.std(ddof=1) / math.sqrt(x.size)) if x.size > 1 else None)


def ratio_se(y: np.ndarray, x: np.ndarray) -> tuple[float, float | None]:
    """Ratio estimator sum(y) / sum(x) and its delta-method standard error."""
    ratio = float(y.sum() / x.sum())
    n = y.size
    if n < 2:
        return ratio, None
    return ratio, math.sqrt(((y - ratio * x) ** 2).sum() / (n * (n - 1))) / float(x.mean())


def expected_early_offspring(rep: Mapping[str, Any], kernel: np.ndarray) -> float:
    """Offspring the early cases of ``rep`` should have had under ``kernel``, given depletion.

    A case infected on day t has sum_tau kernel[tau] s(t + tau) expected
    offspring, s the susceptible share of the village at the start of each day
    (what ``r0_case_to_case_early`` sees in a finite village). Depletion of
    susceptible mosquitoes is ignored: their prevalence stays below ~2% while
    the first cases transmit.
    """
    share = 1.0 - np.concatenate([[0.0], rep["cumulative"]]) / rep["population"]
    tau = np.arange(kernel.size)
    return float(sum(kernel @ share[np.minimum(t + tau, share.size - 1)] for t in rep["early_case_days"]))


def curve_metrics(cumulative: np.ndarray, infectious: np.ndarray, population: float) -> dict[str, Any]:
    """Growth rate (/day), attack rate, aligned peak delay (days) and peak prevalence of one curve."""
    return {"growth_rate": fit_growth_rate(cumulative, population),
            "attack_rate": float(cumulative[-1] / population),
            "peak_delay_days": aligned_peak_delay(cumulative, infectious, population),
            "peak_prevalence": peak_prevalence(infectious, population)}


def theory_for(params: RunParams, humans: float, mosquitoes: float) -> dict[str, Any]:
    """ODE, Ross-Macdonald and day-step theory for an ABM configuration of N_H people, N_V adults.

    Returns:
        ``{"reference_params", "kernel", "ode": {...}, "day_step": {...}}``: each side holds
        :func:`curve_metrics` of its curve (read after ``3 * params.days`` days, so that the
        epidemic is over), its R0, the alignment day and the infectious curve up to ``params.days``.
    """
    ref = reference_params_for(params, humans, mosquitoes)
    seeds = params.outbreak.seed_infections * len(params.outbreak.seed_days)
    kernel = discrete_kernel(params, ref)
    ode = solve_seir_sei(ref, 3 * params.days, initial_exposed_humans=seeds)
    twin = day_step_twin(params, ref, 3 * params.days, seeds)
    out: dict[str, Any] = {"reference_params": dataclasses.asdict(ref), "kernel": kernel}
    curves = {"ode": (seeds + np.cumsum(ode.incidence), ode.i_h),
              "day_step": (twin["cumulative"], twin["infectious"])}
    for side, (cum, inf) in curves.items():
        out[side] = {**curve_metrics(cum, inf, humans),
                     "align_day": crossing_day(cum, ALIGN_FRACTION * humans),
                     "infectious": np.asarray(inf[: params.days + 1], float)}
    out["ode"].update(r0=ode_r0(ref), r0_ross_macdonald=ross_macdonald_r0(ref),
                      growth_rate_eigenvalue=early_growth_rate(ref), died_out=None)
    out["day_step"].update(r0=float(kernel.sum()), growth_rate_renewal=renewal_growth_rate(kernel),
                           bites_per_mosquito=ref.bites_per_mosquito,
                           died_out=extinction_probability(params, ref) ** seeds)
    return out


def _r0_metrics(reps: Sequence[Mapping[str, Any]], theories: Sequence[Mapping[str, Any]],
                took: Sequence[int]) -> dict[str, dict[str, Any]]:
    """Early case-to-case R0: raw (the model's summary value) and depletion-adjusted (pooled)."""
    r0s = {side: np.array([th[side]["r0"] for th in theories]) for side in _SIDES}
    raw_ok = [i for i in took if reps[i]["r0_early"] is not None]
    raw = np.array([reps[i]["r0_early"] for i in raw_ok], float)
    pooled = [i for i, r in enumerate(reps) if len(r["early_case_days"])]
    y = np.array([reps[i]["early_offspring"] for i in pooled], float)
    shape = np.array([expected_early_offspring(reps[i], theories[i]["kernel"] / theories[i]["kernel"].sum())
                      for i in pooled])
    r0_hat, r0_se = ratio_se(y, shape) if y.size else (None, None)
    out: dict[str, dict[str, Any]] = {"r0_early": dict(zip(("abm", "abm_se"), mean_se(raw), strict=True)),
                                      "r0_adjusted": {"abm": r0_hat, "abm_se": r0_se}}
    for side, r0 in r0s.items():
        ratio, se = mean_se(raw / r0[raw_ok])
        out["r0_early"][side] = {"value": float(r0.mean()), "ratio": ratio, "ratio_se": se}
        ratio, se = ratio_se(y, shape * r0[pooled]) if y.size else (None, None)
        out["r0_adjusted"][side] = {"value": float(r0.mean()), "ratio": ratio, "ratio_se": se}
    return out


def summarise_replicates(params: RunParams, reps: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """ABM statistics and their ratios to theory, each replicate paired with its own theory.

    Every replicate has its own village (hence N_H and N_V), so theory is
    evaluated per replicate and the ratios ABM / theory are averaged over the
    replicates that took off (standard error across them). The early R0 is
    pooled over all replicates: observed offspring / offspring expected from the
    kernel with the village's depletion (:func:`expected_early_offspring`).

    Returns:
        Scalars (``replicates``, ``took_off``, ``population``, ``mean_adults``, ...) and
        ``metrics[name] = {"abm", "abm_se", "ode": {"value", "ratio", "ratio_se"}, "day_step": ...}``.
    """
    theories = [theory_for(params, r["population"], r["mean_adults"]) for r in reps]
    took = [i for i, r in enumerate(reps) if took_off(r)]
    out: dict[str, Any] = {"replicates": len(reps), "took_off": len(took),
                           "still_active_at_end": sum(reps[i]["active_at_end"] for i in took)}
    for key in ("population", "mean_adults", "cv_adults", "bites_per_mosquito"):
        out[key] = float(np.mean([r[key] for r in reps]))
    metrics: dict[str, dict[str, Any]] = {}
    observed = {i: curve_metrics(reps[i]["cumulative"], reps[i]["infectious"], reps[i]["population"])
                for i in took}
    for name in CURVE_METRICS:
        ok = [i for i in took if observed[i][name] is not None]
        x = np.array([observed[i][name] for i in ok], float)
        metrics[name] = dict(zip(("abm", "abm_se"), mean_se(x), strict=True))
        for side in _SIDES:
            t = np.array([theories[i][side][name] for i in ok], float)
            ratio, se = mean_se(x / t)
            metrics[name][side] = {"value": float(t.mean()) if t.size else None, "ratio": ratio,
                                   "ratio_se": se}
    metrics.update(_r0_metrics(reps, theories, took))
    died = np.array([not took_off(r) and not r["active_at_end"] for r in reps], float)
    q = float(np.mean([th["day_step"]["died_out"] for th in theories]))
    metrics["died_out"] = {"abm": float(died.mean()),
                           "abm_se": float(math.sqrt(died.mean() * (1 - died.mean()) / died.size)),
                           "ode": {"value": None, "ratio": None, "ratio_se": None},
                           "day_step": {"value": q, "ratio": None, "ratio_se": None}}
    out["metrics"] = metrics
    return out
