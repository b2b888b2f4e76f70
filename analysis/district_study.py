"""The district against Shunde and Foshan 2025, and its counterfactuals, with intervals over seeds.

Usage::

    python -m analysis.district_study [--quick] [--out DIR] [--seeds 4] [--scale 0.05]
        [--district shunde] [--days 120] [--workers 2] [--set key=value ...]

Every scenario runs the same seeds (common random numbers: differences are paired by
seed) on ``district=<district> district.scale=<scale>`` with the district-wide trigger
(Shunde recognised its outbreak on 8 Jul 2025 and acted as one district):

* ``campaign``: ``shunde_2025`` as configured (full cadre week 15 days after wartime);
* ``no_campaign``: ``baseline`` (clinics only);
* ``campaign_1wk_late``: the whole wartime response a week later
  (``strategy.trigger.mobilisation_delay_days`` 1 -> 8);
* ``no_full_cadre_week``: no full deployment (``strategy.deployment.enabled=false``);
* ``allocation_cases``: the echelon sent where cases are reported (``pairing`` in the others).

Day 0 of the comparison is detection: 8 Jul 2025 in the data, the day the district's
trigger fires in the model. Statistics are those of :mod:`analysis.calibration_stats`
(growth in days 10-15, peak delay, weekly decline), plus the size of the epidemic per
10,000 residents and the share of affected villages at each risk level 12 and 20 days
after detection (20 Jul and 28 Jul 2025 in the data: at least 90% below high risk and
33% safe; 78% safe). Writes ``district_study.json``, ``district_runs.csv``,
``district_series.csv`` and ``district_calibration.png`` to ``--out`` (default
``outputs/district_study``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.calibration_stats import data_statistics, sim_statistics
from analysis.counterfactual import paired_effects
from analysis.runner import run_many
from sim.errors import ConfigError
from sim.outputs import atomic_target, atomic_write_text

__all__ = ["DEFAULT_OUT", "RISK_CHECKS", "SCENARIOS", "main", "run_study"]

DEFAULT_OUT = Path("outputs/district_study")
#: Scenario name -> overrides on top of the district's.
SCENARIOS: dict[str, tuple[str, ...]] = {
    "campaign": ("strategy=shunde_2025",),
    "no_campaign": ("strategy=baseline",),
    "campaign_1wk_late": ("strategy=shunde_2025", "strategy.trigger.mobilisation_delay_days=8"),
    "no_full_cadre_week": ("strategy=shunde_2025", "strategy.deployment.enabled=false"),
    "allocation_cases": ("strategy=shunde_2025", "district.command.allocation=cases"),
}
#: Days after detection -> (column of the share, the reported share, how it compares): the
#: risk levels of affected villages in the 2025 reports (data README; Xinhua, CGTN).
RISK_CHECKS: dict[str, tuple[int, str, float]] = {
    "below_high_day12": (12, "below_high", 0.90),
    "safe_day12": (12, "safe", 0.33),
    "safe_day20": (20, "safe", 0.78),
}
OUTCOMES: tuple[str, ...] = ("total_infections", "total_reported_cases", "person_days_total",
                             "villages_affected")


def _run(overrides: tuple[str, ...]) -> dict[str, Any]:
    """One district run's totals, statistics and daily reported cases (a runner job)."""
    from sim.cli.compose import compose_params
    from sim.simulate import simulate

    params = compose_params(list(overrides))
    res = simulate(params)
    s, ts = res.summary, res.timeseries
    start = s["wartime_start_day"]
    trigger = None if start is None else start - params.strategy.trigger.mobilisation_delay_days
    if params.strategy.name == "baseline":
        # No campaign: detection is the day the district's reports reach the campaign's trigger
        # (``shunde_2025``'s count), so both scenarios of a seed share day 0.
        campaign = [o for o in overrides if not o.startswith("strategy=")] + ["strategy=shunde_2025"]
        threshold = compose_params(campaign).strategy.trigger.case_threshold
        hit = np.flatnonzero(np.cumsum(ts["new_reported_cases"]) >= threshold)
        trigger = int(hit[0]) if hit.size else None
    stats = sim_statistics(ts["new_reported_cases"], ts["new_infections"], trigger, s["population"])
    row: dict[str, Any] = {k: s[k] for k in ("seed", "strategy", "population", "total_infections",
                                             "total_reported_cases", "peak_daily_reported_cases",
                                             "person_days_total", "villages_affected",
                                             "infections_picked_up_away", "mosquitoes_infected_by_visitors")}
    row.update({k: stats[k] for k in ("growth_rate", "peak_delay", "weekly_decline")}, trigger_day=trigger)
    below_high = ts["affected_share_safe"] + ts["affected_share_low"] + ts["affected_share_medium"]
    shares = {"safe": ts["affected_share_safe"], "below_high": below_high}
    for name, (after, which, _) in RISK_CHECKS.items():
        day = None if trigger is None else trigger + after
        row[name] = float(shares[which][day]) if day is not None and day < len(below_high) else float("nan")
    row["reported"] = ts["new_reported_cases"].astype(int).tolist()
    return row


def run_study(out: str | Path = DEFAULT_OUT, seeds: Sequence[int] = (1, 2, 3, 4), district: str = "shunde",
              scale: float = 0.05, days: int = 120, workers: int = 2, extra: Sequence[str] = (),
              scenarios: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """Run the scenarios x seeds, print the tables, write the files; return the JSON content."""
    t0 = time.perf_counter()
    scenarios = SCENARIOS if scenarios is None else scenarios
    base = (f"district={district}", f"district.scale={scale}", "district.command.trigger_scope=district",
            f"days={days}", *extra)
    jobs, names = [], []
    for name, ov in scenarios.items():
        for s in seeds:
            jobs.append((*base, *ov, f"seed={s}"))
            names.append(name)
    _check([job for job, name in zip(jobs, names, strict=True) if job[-1] == f"seed={seeds[0]}"])
    rows = run_many(_run, jobs, workers, desc="district runs")
    runs = pd.DataFrame(rows).assign(scenario=names)
    series = runs[["scenario", "seed", "trigger_day", "population", "reported"]]
    runs = runs.drop(columns="reported")
    summary = _summary(runs)
    effects = pd.concat([paired_effects(runs, ref, k) for ref in ("campaign", "no_campaign")
                         for k in ("total_infections", "total_reported_cases") if ref in scenarios],
                        ignore_index=True)
    result = {"district": district, "scale": scale, "days": days, "seeds": list(seeds),
              "extra_overrides": list(extra), "scenarios": {k: list(v) for k, v in scenarios.items()},
              "data": data_statistics(), "risk_checks": {k: list(v) for k, v in RISK_CHECKS.items()},
              "summary": summary, "paired_differences": effects.to_dict(orient="records"),
              "wall_seconds": round(time.perf_counter() - t0, 1)}
    _print(result)
    out = Path(out)
    with atomic_target(out / "district_runs.csv") as tmp:
        runs.to_csv(tmp, index=False)
    long = series.explode("reported").assign(day=lambda d: d.groupby(["scenario", "seed"]).cumcount())
    with atomic_target(out / "district_series.csv") as tmp:
        long.to_csv(tmp, index=False)
    from analysis.district_study_figure import study_figure

    fig = study_figure(series, scenarios)
    with atomic_target(out / "district_calibration.png") as tmp:
        fig.savefig(tmp, dpi=110, format="png")
    atomic_write_text(out / "district_study.json", json.dumps(result, indent=2, default=float) + "\n")
    print(f"Wrote {out / 'district_study.json'} and district_calibration.png ({result['wall_seconds']} s)")
    return result


def _check(jobs: Sequence[tuple[str, ...]]) -> None:
    """Compose every scenario's configuration before any run: bad input fails here, with nothing written."""
    from sim.cli.compose import compose_params

    for job in jobs:
        compose_params(list(job))


def _summary(runs: pd.DataFrame) -> list[dict[str, Any]]:
    """Per scenario: median and the range over seeds of every outcome and statistic."""
    out = []
    columns = (*OUTCOMES, "growth_rate", "peak_delay", "weekly_decline", *RISK_CHECKS)
    for name, g in runs.groupby("scenario", sort=False):
        per = g["total_reported_cases"] / g["population"] * 1e4
        row: dict[str, Any] = {"scenario": name, "n": len(g), "per_10000": float(np.median(per))}
        for k in columns:
            v = g[k].to_numpy(float)
            v = v[np.isfinite(v)]
            row[k] = ({"median": float(np.median(v)), "min": float(v.min()), "max": float(v.max())}
                      if v.size else None)
        out.append(row)
    return out


def _fmt(cell: Mapping[str, float] | None, spec: str = ".0f") -> str:
    if cell is None:
        return "n/a"
    return f"{cell['median']:{spec}} [{cell['min']:{spec}}, {cell['max']:{spec}}]"


def _print(result: Mapping[str, Any]) -> None:
    data = result["data"]
    print(f"\nDistrict {result['district']} at scale {result['scale']}, {len(result['seeds'])} paired seeds, "
          f"{result['days']} days; median [min, max] over seeds")
    print(f"{'scenario':20s} {'infections':>26s} {'reported':>24s} {'per 10,000':>10s} {'peak delay':>16s}"
          f" {'weekly decline':>20s}")
    for r in result["summary"]:
        print(f"{r['scenario']:20s} {_fmt(r['total_infections']):>26s} {_fmt(r['total_reported_cases']):>24s}"
              f" {r['per_10000']:10.0f} {_fmt(r['peak_delay']):>16s} {_fmt(r['weekly_decline'], '.2f'):>20s}")
    print(f"{'data (Foshan)':20s} {'':>26s} {'':>24s} {'':>10s} {data['peak_delay']:16.0f}"
          f" {data['weekly_decline']:20.2f}")
    print("\nRisk levels of affected villages after detection (data: >=0.90 below high and 0.33 safe "
          "on day 12; 0.78 safe on day 20):")
    for r in result["summary"]:
        cells = "  ".join(f"{k} {_fmt(r[k], '.2f')}" for k in RISK_CHECKS)
        print(f"  {r['scenario']:20s} {cells}")
    print("\nPaired difference scenario - reference (mean, 95% CI over seeds):")
    for r in result["paired_differences"]:
        print(f"  {r['scenario']:20s} - {r['reference']:12s} {r['outcome']:21s} {r['mean_difference']:10.0f}"
              f" [{r['ci_low']:.0f}, {r['ci_high']:.0f}]")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m analysis.district_study", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="demo district, 2 seeds, 60 days (a smoke run)")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--district", default="shunde")
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--set", nargs="*", default=[], help="extra overrides, e.g. district.seeded_villages=5")
    a = ap.parse_args(argv)
    if a.seeds < 1 or a.days < 1 or a.workers < 1:
        print("error: --seeds, --days and --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        return _main(a)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _main(a: argparse.Namespace) -> int:
    if a.quick:
        run_study(a.out, (1, 2), "demo", 0.3, 60, a.workers, a.set)
    else:
        run_study(a.out, tuple(range(1, a.seeds + 1)), a.district, a.scale, a.days, a.workers, a.set)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
