"""The calibration search: design points, runs, objective, best point and its uncertainty.

Stage 1 runs a Latin hypercube over the fitted parameters with two seeds per
point; stage 2 a star of one-at-a-time steps around the best stage-1 point with
four seeds, the same seeds at every point (common random numbers). The best point
is chosen among the star points; its uncertainty is the range of the star points
whose objective lies within two seed-bootstrap standard errors of the best
(:func:`analysis.calibration_objective.point_objective`). The baseline (no campaign)
early case-to-case R0 and adult mosquito count are checked at the fit. Progress and
results are printed; ``calibration.json`` and ``calibration_fit.png`` are written.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from analysis.calibration_data import load_data
from analysis.calibration_design import FIXED, PARAMS, ParamSpec, format_value, latin_hypercube, star
from analysis.calibration_figure import fit_figure
from analysis.calibration_objective import WEIGHTS, point_objective
from analysis.calibration_runs import run_point
from analysis.calibration_stats import STAT_NAMES, data_statistics
from sim.outputs import atomic_target, atomic_write_text

__all__ = ["DEFAULT_OUT", "DOCS_IMG", "FIT_SEEDS", "calibrate"]

REPO = Path(__file__).resolve().parents[1]
#: Output folder of the calibration and of the counterfactual run at the fit.
DEFAULT_OUT = REPO / "outputs" / "calibration"
#: The copy of the fit figure shown in the README.
DOCS_IMG = REPO / "docs" / "img" / "calibration_fit.png"
#: Seeds used in the fit (common random numbers at every design point).
FIT_SEEDS: tuple[int, ...] = (1, 2, 3, 4)


def _evaluate(points: Sequence[Mapping[str, float]], seeds: Sequence[int], village: str, days: int,
              workers: int, data: Mapping[str, float], stage: str,
              fixed: Mapping[str, float] | None = None) -> list[dict[str, Any]]:
    """Run ``points`` with ``seeds``, score each (objective and seed-bootstrap SE) and print a line."""
    rows = []
    results = run_point(points, seeds, village, days, workers, fixed=fixed)
    for point, runs in zip(points, results, strict=True):
        value, se = point_objective([r["stats"] for r in runs], data)
        rows.append({"stage": stage, "params": dict(point), "objective": value, "objective_se": se,
                     "seeds": list(seeds), "runs": runs})
        print(f"  [{stage}] " + " ".join(f"{k.split('.')[-1]}={v:.4g}" for k, v in point.items())
              + f"  J={value:.3f} (se {se:.3f})", flush=True)
    return rows


def _first_report_day(reported: Sequence[float]) -> int | None:
    """First simulation day with a reported case (diagnostic: the first report to trigger interval)."""
    idx = np.flatnonzero(np.asarray(reported, dtype=float) > 0)
    return int(idx[0]) if idx.size else None


def _stats_table(runs: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Median, min and max over seeds of each summary statistic (finite values only)."""
    keys = (*STAT_NAMES, "doubling_days", "attack_rate")
    out = {}
    for k in keys:
        vals = np.array([r["stats"][k] for r in runs], dtype=float)
        vals = vals[np.isfinite(vals)]
        out[k] = {"median": float(np.median(vals)) if vals.size else float("nan"),
                  "min": float(vals.min()) if vals.size else float("nan"),
                  "max": float(vals.max()) if vals.size else float("nan")}
    return out


def calibrate(out: str | Path = DEFAULT_OUT, quick: bool = False, village: str | None = None,
              workers: int = 2, counterfactual: bool = False, docs_copy: bool | None = None,
              params: Sequence[ParamSpec] = PARAMS, fixed: Mapping[str, float] | None = None,
              lhs_points: int = 16, star_step: float = 0.15, seeds: Sequence[int] = FIT_SEEDS,
              ) -> dict[str, Any]:
    """Run the fit, write ``calibration.json`` and ``calibration_fit.png``; return the result.

    Args:
        out: output folder.
        quick: smoke mode: small village, 1 seed, 2 design points, no refinement.
        village: village config (default ``default`` for the fit; ``quick`` forces ``small``).
        workers: worker processes (2 on a shared machine).
        counterfactual: also run :func:`analysis.counterfactual.run_counterfactual` at the fit.
        docs_copy: copy the figure to ``docs/img`` (default: not in quick mode).
        params: the fitted parameters and their ranges (default :data:`PARAMS`).
        fixed: parameters held fixed (default :data:`FIXED`).
        lhs_points: Latin hypercube size (stage 1, first two seeds).
        star_step: one-at-a-time step of the star (stage 2), as a fraction of each range.
        seeds: seeds of the star (stage 2); stage 1 uses the first two.
    """
    t_start = time.perf_counter()
    out = Path(out)
    params = tuple(params)
    fixed = dict(FIXED if fixed is None else fixed)
    data = data_statistics()
    village = "small" if quick else (village or "default")
    days = 80
    print("Foshan 2025 statistics (day 0 = detection, 8 Jul):")
    for k, v in data.items():
        print(f"  {k:15s} {v:.4g}")
    print("Fitted: " + ", ".join(f"{p.key} in [{p.low:g}, {p.high:g}]{' (log)' if p.log else ''}"
                                 for p in params))
    print("Fixed:  " + (", ".join(f"{k}={v:g}" for k, v in fixed.items()) or "none"))
    seeds = tuple(seeds)
    if quick:
        design = latin_hypercube(2, params, seed=0)
        evaluated = _evaluate(design, seeds[:1], village, days, workers, data, "lhs", fixed)
        refined = evaluated
    else:
        design = latin_hypercube(lhs_points, params, seed=0)
        evaluated = _evaluate(design, seeds[:2], village, days, workers, data, "lhs", fixed)
        centre = min(evaluated, key=lambda r: r["objective"])
        refined = _evaluate(star(centre["params"], star_step, params), seeds, village, days, workers,
                            data, "star", fixed)
        evaluated += refined
    # The best point is chosen among the refined (more seeds) points only: a 2-seed point
    # that got lucky must not win over the same point re-run with four seeds.
    best = min(refined, key=lambda r: r["objective"])
    se = best["objective_se"] if math.isfinite(best["objective_se"]) else 0.0
    accepted = [r for r in refined if r["objective"] <= best["objective"] + 2 * se]
    uncertainty = {p.key: {"best": best["params"][p.key],
                           "low": min(r["params"][p.key] for r in accepted),
                           "high": max(r["params"][p.key] for r in accepted),
                           "search_low": p.low, "search_high": p.high,
                           "at_bound": best["params"][p.key] in (p.from_unit(0.0), p.from_unit(1.0))}
                   for p in params}
    result: dict[str, Any] = {
        "data_statistics": data,
        "method": {"village": village, "days": days, "design_points": len(design),
                   "seeds_lhs": 1 if quick else 2, "seeds_refine": 0 if quick else len(seeds),
                   "star_step": star_step, "weights": WEIGHTS, "strategy": "shunde_2025",
                   "fitted_ranges": {p.key: [p.low, p.high, "log" if p.log else "linear"] for p in params},
                   "fixed": fixed,
                   "uncertainty": "star points within 2 bootstrap SE of the best objective"},
        "fitted": uncertainty,
        "objective": {"value": best["objective"], "seed_se": best["objective_se"],
                      "lhs_min": min(r["objective"] for r in evaluated if r["stage"] == "lhs"),
                      "lhs_max": max(r["objective"] for r in evaluated if r["stage"] == "lhs")},
        "sim_statistics_at_fit": _stats_table(best["runs"]),
        "per_seed_at_fit": [{"seed": r["seed"], "trigger_day": r["trigger_day"],
                             "first_report_day": _first_report_day(r["reported"]), **r["stats"]}
                            for r in best["runs"]],
        "points": [{k: r[k] for k in ("stage", "params", "objective", "objective_se")} for r in evaluated],
    }
    print("\nFitted values (best; range within 2 seed-SE of the best objective):")
    for k, u in uncertainty.items():
        flag = "  <- at a bound of the search range" if u["at_bound"] else ""
        print(f"  {k:36s} {u['best']:.4g}  [{u['low']:.4g}, {u['high']:.4g}]{flag}")
    print(f"Objective at fit: {best['objective']:.3f} (seed SE {best['objective_se']:.3f})")
    print("\nStatistic         Foshan 2025   model median [min, max]")
    for k, v in result["sim_statistics_at_fit"].items():
        print(f"  {k:15s} {data[k]:10.3g}   {v['median']:.3g} [{v['min']:.3g}, {v['max']:.3g}]")
    if not quick:
        r0 = _r0_check(best["params"], workers, fixed=fixed)
        result["baseline_r0_case_to_case"] = r0
        print(f"\nBaseline early case-to-case R0 at fit ({len(r0['values'])} seeds, village=default): "
              f"median {r0['median']:.2f} [{r0['min']:.2f}, {r0['max']:.2f}] (target 5-16); "
              f"adult mosquitoes at day 0: median {r0['adults_day0_median']:.0f}")
    fig = fit_figure(best["runs"], data_frames=load_data())
    png = out / "calibration_fit.png"
    with atomic_target(png) as tmp:
        fig.savefig(tmp, format="png", dpi=90)
    if docs_copy if docs_copy is not None else not quick:
        with atomic_target(DOCS_IMG) as tmp:
            fig.savefig(tmp, format="png", dpi=90)
    if counterfactual:
        from analysis.counterfactual import run_counterfactual
        fitted = [f"{k}={format_value(k, u['best'], params)}" for k, u in uncertainty.items()]
        fitted += [f"{k}={v:g}" for k, v in fixed.items()]
        result["counterfactual"] = run_counterfactual(out=out, workers=workers, extra=fitted)
    result["wall_seconds"] = round(time.perf_counter() - t_start, 1)
    atomic_write_text(out / "calibration.json", json.dumps(result, indent=2, default=float))
    print(f"\nWrote {out / 'calibration.json'} and {png} ({result['wall_seconds']} s)")
    return result


def _r0_check(values: Mapping[str, float], workers: int, seeds: Sequence[int] = (1, 2, 3),
              fixed: Mapping[str, float] | None = None) -> dict[str, Any]:
    """Baseline (no campaign) early case-to-case R0 and adult mosquitoes at ``values`` (default village)."""
    runs = run_point([values], seeds, "default", 90, workers, strategy="baseline", fixed=fixed)[0]
    r0 = np.array([r["summary"]["r0_case_to_case_early"] for r in runs], dtype=float)
    adults = np.array([r["summary"]["adult_mosquitoes_day0"] for r in runs], dtype=float)
    return {"values": r0.tolist(), "median": float(np.median(r0)), "min": float(r0.min()),
            "max": float(r0.max()), "adults_day0": adults.tolist(),
            "adults_day0_median": float(np.median(adults)),
            "total_infections": [r["summary"]["total_infections"] for r in runs],
            "population": runs[0]["population"]}
