"""Runs of the model at calibration design points, in parallel (:mod:`analysis.runner`).

A design point is a mapping of Hydra override keys to values
(:mod:`analysis.calibration_design`); every point is run with the same seeds
(common random numbers), and each run is reduced to its summary statistics
(:func:`analysis.calibration_stats.sim_statistics`) and a few model outputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from analysis.calibration_design import FIXED, format_value
from analysis.calibration_stats import sim_statistics
from analysis.runner import run_many

__all__ = ["point_overrides", "run_overrides", "run_point"]


def run_overrides(overrides: tuple[str, ...]) -> dict[str, Any]:
    """Run the model with ``overrides`` (a job for :mod:`analysis.runner`).

    Returns:
        ``seed``, ``stats`` (:func:`sim_statistics`), ``trigger_day`` (detection day or None),
        ``population`` (people), ``reported`` (daily new reported cases) and ``summary`` (a few
        totals of the run, with the adult female mosquitoes on day 0 and at most).
    """
    from sim.cli.compose import compose_params
    from sim.simulate import simulate

    params = compose_params(list(overrides))
    res = simulate(params)
    s = res.summary
    start = s["wartime_start_day"]
    trigger = None if start is None else start - params.strategy.trigger.mobilisation_delay_days
    ts = res.timeseries
    stats = sim_statistics(ts["new_reported_cases"], ts["new_infections"], trigger, s["population"])
    adults = np.asarray(ts["adult_mosquitoes"], dtype=float)
    return {"seed": params.seed, "stats": stats, "trigger_day": trigger, "population": s["population"],
            "reported": ts["new_reported_cases"].tolist(), "summary": {
                **{k: s[k] for k in ("total_infections", "total_reported_cases", "peak_day",
                                     "wartime_start_day", "r0_case_to_case_early", "attack_rate")},
                "adult_mosquitoes_day0": float(adults[0]) if adults.size else float("nan"),
                "adult_mosquitoes_max": float(adults.max()) if adults.size else float("nan")}}


def point_overrides(values: Mapping[str, float], village: str, days: int,
                    strategy: str = "shunde_2025", fixed: Mapping[str, float] | None = None) -> list[str]:
    """Hydra overrides of one design point (without the seed): ``fixed`` values, then ``values``.

    Keys under ``strategy.`` are dropped when ``strategy`` is not ``shunde_2025`` (the
    fitted trigger belongs to the 2025 response, not to e.g. the no-campaign baseline).
    """
    fixed = FIXED if fixed is None else fixed
    merged = {**fixed, **values}
    if strategy != "shunde_2025":
        merged = {k: v for k, v in merged.items() if not k.startswith("strategy.")}
    return [f"strategy={strategy}", f"village={village}", f"days={days}",
            *(f"{k}={format_value(k, v)}" for k, v in merged.items())]


def run_point(points: Sequence[Mapping[str, float]], seeds: Sequence[int], village: str, days: int,
              workers: int = 2, strategy: str = "shunde_2025", fixed: Mapping[str, float] | None = None,
              ) -> list[list[dict[str, Any]]]:
    """Run every point with every seed (in ``workers`` processes); results grouped by point."""
    jobs = [tuple([*point_overrides(p, village, days, strategy, fixed), f"seed={s}"])
            for p in points for s in seeds]
    flat = run_many(run_overrides, jobs, workers, desc=f"{strategy} runs")
    n = len(seeds)
    return [flat[i * n:(i + 1) * n] for i in range(len(points))]
