"""Counterfactual: cases the 2025-style campaign averted, and the cost of a one-week delay.

Usage::

    python -m analysis.counterfactual [--quick] [--out DIR] [--seeds 8] [--village default]
        [--set key=value ...]

Runs, with the same seeds in every scenario (common random numbers, so differences are
paired by seed), on the calibrated defaults (``analysis/calibrate.py``):

* ``baseline``: no campaign (clinic-only passive detection);
* ``shunde_2025``: the 2025 combination as configured (trigger at the fitted number of
  reported cases, ``strategy.trigger.case_threshold``; wartime work the next day; full
  cadre deployment 15 days after wartime start);
* ``deployment_1wk_late``: the same, but the week of full cadre deployment starts 7 days
  later (``strategy.deployment.start_after_wartime_days`` 15 -> 22); ring work, screening
  and the faster reporting start on time;
* ``response_1wk_late``: the whole wartime response starts 7 days later
  (``strategy.trigger.mobilisation_delay_days`` 1 -> 8), so the full deployment, ring
  work, isolation and the drop of the reporting delay all move by a week.

Prints a table (median and 90% interval of total infections and reported cases per
scenario; mean paired difference against ``shunde_2025`` and ``baseline`` with a 95%
interval over seeds, :func:`analysis.paired_stats.mean_ci`) and
writes ``counterfactual.json`` and ``counterfactual_runs.csv`` to ``--out`` (default
``outputs/calibration``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.calibration_search import DEFAULT_OUT
from analysis.runner import run_many
from sim.outputs import atomic_target, atomic_write_text

__all__ = ["OUTCOMES", "SCENARIOS", "main", "paired_effects", "run_counterfactual"]

#: Scenario name -> Hydra overrides on top of the calibrated defaults.
SCENARIOS: dict[str, tuple[str, ...]] = {
    "baseline": ("strategy=baseline",),
    "shunde_2025": ("strategy=shunde_2025",),
    "deployment_1wk_late": ("strategy=shunde_2025", "strategy.deployment.start_after_wartime_days=22"),
    "response_1wk_late": ("strategy=shunde_2025", "strategy.trigger.mobilisation_delay_days=8"),
}
OUTCOMES: tuple[str, ...] = ("total_infections", "total_reported_cases")


def _run(overrides: tuple[str, ...]) -> dict[str, Any]:
    """One run's totals (a job for :mod:`analysis.runner`)."""
    from sim.cli.compose import compose_params
    from sim.simulate import simulate

    res = simulate(compose_params(list(overrides)))
    s = res.summary
    adults = np.asarray(res.timeseries["adult_mosquitoes"], dtype=float)
    return {**{k: s[k] for k in ("seed", "strategy", "population", "total_infections", "total_reported_cases",
                                 "peak_daily_reported_cases", "wartime_start_day", "person_days_total",
                                 "r0_case_to_case_early")},
            "adult_mosquitoes_day0": float(adults[0]) if adults.size else float("nan")}


def paired_effects(runs: pd.DataFrame, reference: str, outcome: str) -> pd.DataFrame:
    """Mean paired difference ``scenario - reference`` per scenario, with a 95%
    interval over seeds (positive: the reference averted that many cases).

    Args:
        runs: one row per run with ``scenario``, ``seed`` and ``outcome``.
        reference: scenario the others are compared with.
        outcome: column to compare.
    """
    from analysis.paired_stats import mean_ci

    wide = runs.pivot(index="seed", columns="scenario", values=outcome)
    rows = []
    for name in wide.columns:
        if name == reference:
            continue
        d = (wide[name] - wide[reference]).dropna().to_numpy(dtype=float)
        low, high = mean_ci(d) if d.size else (float("nan"), float("nan"))
        rows.append({"scenario": name, "reference": reference, "outcome": outcome, "n_pairs": int(d.size),
                     "mean_difference": float(d.mean()) if d.size else float("nan"),
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def run_counterfactual(out: str | Path = DEFAULT_OUT, seeds: Sequence[int] = tuple(range(1, 9)),
                       village: str = "default", days: int = 150, workers: int = 2,
                       extra: Sequence[str] = (), scenarios: Mapping[str, Sequence[str]] | None = None,
                       ) -> dict[str, Any]:
    """Run the scenarios, print the table, write ``counterfactual.json``; return its content.

    Args:
        out: output folder.
        seeds: seeds shared by every scenario (pairs).
        village: village config.
        days: days simulated (long enough for the no-campaign epidemic to end).
        workers: worker processes.
        extra: further overrides for every run (e.g. parameter values not yet in the configs).
        scenarios: scenario -> overrides (default :data:`SCENARIOS`).
    """
    t0 = time.perf_counter()
    scenarios = SCENARIOS if scenarios is None else scenarios
    jobs, names = [], []
    for name, ov in scenarios.items():
        for s in seeds:
            jobs.append((*ov, f"village={village}", f"days={days}", *extra, f"seed={s}"))
            names.append(name)
    rows = run_many(_run, jobs, workers, desc="counterfactual runs")
    runs = pd.DataFrame(rows).assign(scenario=names)
    summary = []
    for name, g in runs.groupby("scenario", sort=False):
        row: dict[str, Any] = {"scenario": name, "n": len(g)}
        for k in OUTCOMES:
            v = g[k].to_numpy(float)
            row[k] = {"median": float(np.median(v)), "p05": float(np.percentile(v, 5)),
                      "p95": float(np.percentile(v, 95))}
        summary.append(row)
    effects = pd.concat([paired_effects(runs, ref, k) for ref in ("shunde_2025", "baseline")
                         for k in OUTCOMES if ref in scenarios], ignore_index=True)
    pop = float(runs["population"].median())
    print(f"\nCounterfactual ({village} village, population ~{pop:.0f}, {len(seeds)} paired seeds, {days} d)")
    print(f"{'scenario':22s} {'infections: median [5%, 95%]':>32s} {'reported: median [5%, 95%]':>30s}")
    for r in summary:
        a, b = r["total_infections"], r["total_reported_cases"]
        print(f"{r['scenario']:22s} {a['median']:12.0f} [{a['p05']:6.0f}, {a['p95']:6.0f}]"
              f" {b['median']:14.0f} [{b['p05']:6.0f}, {b['p95']:6.0f}]")
    print("\nPaired difference scenario - reference (mean, 95% CI over seeds):")
    for r in effects.itertuples():
        print(f"  {r.scenario:22s} - {r.reference:12s} {r.outcome:21s} {r.mean_difference:9.1f}"
              f" [{r.ci_low:.1f}, {r.ci_high:.1f}]")
    result = {"village": village, "population_median": pop, "days": days, "seeds": list(seeds),
              "extra_overrides": list(extra), "scenarios": {k: list(v) for k, v in scenarios.items()},
              "summary": summary, "paired_differences": effects.to_dict(orient="records"),
              "wall_seconds": round(time.perf_counter() - t0, 1)}
    out = Path(out)
    with atomic_target(out / "counterfactual_runs.csv") as tmp:
        runs.to_csv(tmp, index=False)
    atomic_write_text(out / "counterfactual.json", json.dumps(result, indent=2, default=float))
    print(f"Wrote {out / 'counterfactual.json'} ({result['wall_seconds']} s)")
    return result


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m analysis.counterfactual", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small village, 2 seeds, 90 days")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--village", default="default")
    ap.add_argument("--days", type=int, default=150)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--set", nargs="*", default=[], help="extra overrides, e.g. vector.capacity_scale=6")
    a = ap.parse_args(argv)
    if a.quick:
        run_counterfactual(a.out, (1, 2), "small", 90, a.workers, a.set)
    else:
        run_counterfactual(a.out, tuple(range(1, a.seeds + 1)), a.village, a.days, a.workers, a.set)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
