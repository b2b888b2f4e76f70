"""Benchmark of the district mode: what a district costs, how it grows, where its memory goes.

Usage::

    python -m benchmarks.district                   # full benchmark (about 8 minutes on 2 idle cores)
    python -m benchmarks.district --quick           # smoke version (under a minute)
    python -m benchmarks.district --scale 0.1 --days 180 --out district.json
    python -m benchmarks.district --scale 1         # the full census measured, not extrapolated

Every measurement runs in a fresh child process (wall and CPU seconds and the peak
resident set of the whole process come from ``os.wait4``), with the mosquito warm-up
computed, never restored from a cache, unless said otherwise. The parts:

a. the demo district (20 villages, 30,000 residents), strategy ``shunde_2025``, as
   ``python -m sim.run`` runs it: the first run (warm-ups computed and stored on disk)
   and a repeat (restored), with the build time from the run's log line and the days'
   time from ``summary.json``;
b. scaling in villages: districts of N villages of Shunde's mean village at scale 0.1
   (1,575 residents), 60 days; the log-log slope (exponent) of CPU time and of the peak
   resident set above the baseline (the child after imports, composition and loading
   numba's compiled passes, before any village: a run loads them, about 125 MB once,
   when a village first has 400,000 adults) against N; and, full benchmark only, the same
   10 villages made 2 and 4 times bigger (the exponent against residents per village,
   which is what ``district.scale`` changes);
c. Shunde at ``--scale`` for ``--days``, and its extrapolation to the full census
   (scale 1, 180 days) with the exponents of (b) (and of b2): an extrapolation, not a
   measurement, judged on wall seconds (a district steps its villages on one thread per
   core), the CPU seconds beside them; ``--scale 1 --days 180`` measures the census itself
   (about 15 minutes and 4 GB);
d. where the memory goes in the built demo district, after the warm-up and after
   30 days: numpy arrays by owner, Mesa agents (counted, and measured per object with
   tracemalloc), the lazy grid, against the resident set measured in the same process.

The load average is printed at the start and end: other processes on a shared
machine inflate every time.

This module is the command line and the report (tables, exponents, extrapolation,
targets); the runs are :mod:`benchmarks.district_measure`'s, part d's itemised memory
:mod:`benchmarks.district_memory`'s.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.bench import _machine
from benchmarks.district_measure import (
    VILLAGE_RESIDENTS,
    demo_runs,
    district_child,
    district_overrides,
    district_run,
    shunde_run,
    table,
)
from benchmarks.district_memory import memory, memory_report

__all__ = ["district_overrides", "main", "run_benchmark"]

#: The issue's targets at full census scale.
TARGET_DEMO_S, TARGET_CENSUS_S, TARGET_CENSUS_MB = 30.0, 600.0, 4096.0


def _slope(x: list[float], y: list[float]) -> float:
    """Log-log slope of ``y`` against ``x`` (least squares)."""
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def _verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "not met"


# --- the parts ----------------------------------------------------------------------
def demo(quick: bool) -> dict[str, Any]:
    """(a) The demo district as ``python -m sim.run`` runs it: first run, then a repeat."""
    out = demo_runs(quick)
    rows = [[r["label"], f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}", f"{r['peak_mb']:.0f}",
             f"{r['build_s']:.1f}", f"{r['days_s']:.1f}", f"{r['startup_and_output_s']:.1f}"]
            for r in out["runs"]]
    table(f"a. Demo district (20 villages, 30,000 residents), shunde_2025, {out['days']} days: whole "
          "python -m sim.run processes (build = villages and their warm-ups, from the run's log line)",
          ["run", "wall s", "CPU s", "peak MB", "build s", "days s", "start-up+output s"], rows)
    return out


def scaling(quick: bool) -> dict[str, Any]:
    """(b) Districts of growing numbers of villages of one size; (b2) growing village size."""
    villages, days = ([5, 10], 10) if quick else ([10, 20, 40, 80], 60)
    rows = [district_child("b", n, VILLAGE_RESIDENTS, days) for n in villages]
    out = {"days": days, "villages": villages, "rows": rows, **_exponents(villages, rows)}
    _scaling_table(f"b. Scaling in villages: N villages of {VILLAGE_RESIDENTS:,} residents (Shunde's mean "
                   f"at scale 0.1), shunde_2025, {days} days, each a fresh process", "villages", villages,
                   rows)
    print(f"exponent against villages (log-log slope, 1.0 = linear): run CPU {out['cpu_exponent']:.2f}, "
          f"whole-process CPU {out['process_cpu_exponent']:.2f}, peak RSS above the baseline "
          f"{out['memory_exponent']:.2f} (baseline: the child after imports, composition and loading the "
          "compiled passes, before any village)")
    _linear_memory(villages, rows, "village")
    if quick:
        return out
    sizes = [1, 2, 4]
    size_rows = [rows[0], *(district_child("b2", 10, k * VILLAGE_RESIDENTS, days) for k in sizes[1:])]
    per_village = [k * VILLAGE_RESIDENTS for k in sizes]
    size = {"residents_per_village": per_village, "rows": size_rows, **_exponents(per_village, size_rows)}
    out["size"] = size
    _scaling_table(f"b2. Scaling in village size: 10 villages of R residents, shunde_2025, {days} days",
                   "R", per_village, size_rows)
    print(f"exponent against residents per village (1.0 = linear): run CPU {size['cpu_exponent']:.2f}, "
          f"whole-process CPU {size['process_cpu_exponent']:.2f}, peak RSS above the baseline "
          f"{size['memory_exponent']:.2f}")
    _linear_memory(per_village, size_rows, "resident per village")
    return out


def _linear_memory(xs: list[int], rows: list[dict[str, Any]], unit: str) -> None:
    """The straight line through the peak above the baseline: what is fixed, what grows."""
    slope, fixed = np.polyfit(xs, [r["peak_mb"] - r["base_mb"] for r in rows], 1)
    per_resident = 1024 * slope * xs[-1] / rows[-1]["residents"]
    print(f"peak RSS above the baseline, a straight line: {fixed:.1f} MB fixed + {slope:.2f} MB per {unit} "
          f"({per_resident:.2f} KB per resident)")


def _exponents(x: list[int], rows: list[dict[str, Any]]) -> dict[str, float]:
    return {"cpu_exponent": _slope(x, [r["sim_cpu_s"] for r in rows]),
            "process_cpu_exponent": _slope(x, [r["process"]["cpu_s"] for r in rows]),
            "memory_exponent": _slope(x, [max(r["peak_mb"] - r["base_mb"], 1e-3) for r in rows])}


def _scaling_table(title: str, name: str, xs: list[int], rows: list[dict[str, Any]]) -> None:
    """Figures of each run (compiled: villages that reached 400,000 adults, stepped by numba)."""
    table(title, [name, "residents", "compiled", "wall s", "CPU s", "build CPU s", "days CPU s", "peak MB",
                  "base MB", "MB above base", "KB/resident", "CPU us/resident-day"],
          [[f"{x:,}", f"{r['residents']:,}", r["compiled_villages"], f"{r['process']['wall_s']:.1f}",
            f"{r['process']['cpu_s']:.1f}",
            f"{r['build_cpu_s']:.1f}", f"{r['days_cpu_s']:.1f}", f"{r['process']['peak_mb']:.0f}",
            f"{r['base_mb']:.0f}", f"{r['peak_mb'] - r['base_mb']:.0f}",
            f"{1024 * (r['peak_mb'] - r['base_mb']) / r['residents']:.2f}",
            f"{1e6 * r['days_cpu_s'] / (r['residents'] * r['days']):.2f}"]
           for x, r in zip(xs, rows, strict=True)])


def shunde(scale: float, days: int, scaling_res: dict[str, Any]) -> dict[str, Any]:
    """(c) Shunde at ``scale``, and the extrapolation to the full census."""
    r = shunde_run(scale, days)
    p = r["process"]
    table(f"c. Shunde at scale {scale:g} ({r['villages']} villages, {r['residents']:,} residents), "
          f"shunde_2025, {days} days, a fresh process (measured)",
          ["compiled", "wall s", "CPU s", "build wall s", "days wall s", "start-up+output s", "peak MB",
           "base MB", "KB/resident above base"],
          [[r["compiled_villages"], f"{p['wall_s']:.1f}", f"{p['cpu_s']:.1f}", f"{r['build_wall_s']:.1f}",
            f"{r['days_wall_s']:.1f}",
            f"{p['wall_s'] - r['build_wall_s'] - r['days_wall_s']:.1f}", f"{p['peak_mb']:.0f}",
            f"{r['base_mb']:.0f}", f"{1024 * (r['peak_mb'] - r['base_mb']) / r['residents']:.2f}"]])
    factor = 1.0 / scale
    bases = [("linear (exponent 1)", 1.0, 1.0),
             ("exponents of (b): residents added as villages", scaling_res["cpu_exponent"],
              scaling_res["memory_exponent"])]
    if "size" in scaling_res:
        size = scaling_res["size"]
        bases.append(("exponents of (b2): residents added to each village", size["cpu_exponent"],
                      size["memory_exponent"]))
    # Start-up, composition and outputs are not per resident: kept as measured. A district steps
    # its villages on one thread per core (VCSIM_DISTRICT_THREADS), so the wall time is judged;
    # it also holds whatever else the machine was doing (the load average is printed).
    fixed_cpu = p["cpu_s"] - r["build_cpu_s"] - r["days_cpu_s"]
    fixed_wall = p["wall_s"] - r["build_wall_s"] - r["days_wall_s"]
    extra = []
    for label, a_cpu, a_mem in bases:
        grow = factor**a_cpu
        cpu = fixed_cpu + (r["build_cpu_s"] + r["days_cpu_s"] * 180 / days) * grow
        wall = fixed_wall + (r["build_wall_s"] + r["days_wall_s"] * 180 / days) * grow
        peak = r["base_mb"] + (r["peak_mb"] - r["base_mb"]) * factor**a_mem
        extra.append({"basis": label, "cpu_exponent": a_cpu, "memory_exponent": a_mem, "cpu_s": cpu,
                      "wall_s": wall, "peak_mb": peak})
    table(f"c2. EXTRAPOLATION (not measured) to the full census, scale 1 (about "
          f"{r['residents'] * factor:,.0f} residents, {r['villages']} villages of {factor:g}x the size), "
          f"180 days: build + days' time x 180/{days}, both x {factor:g}^exponent, + start-up; memory above "
          f"the baseline x {factor:g}^exponent; judged on wall time (the villages step on every core)",
          ["basis", "CPU exp.", "mem. exp.", "CPU s", "CPU min", "wall min", "target", "",
           "peak MB", "target", ""],
          [[e["basis"], f"{e['cpu_exponent']:.2f}", f"{e['memory_exponent']:.2f}", f"{e['cpu_s']:.0f}",
            f"{e['cpu_s'] / 60:.1f}", f"{e['wall_s'] / 60:.1f}", f"<= {TARGET_CENSUS_S / 60:.0f} min",
            _verdict(e["wall_s"], TARGET_CENSUS_S), f"{e['peak_mb']:,.0f}", f"<= {TARGET_CENSUS_MB:,.0f}",
            _verdict(e["peak_mb"], TARGET_CENSUS_MB)]
           for e in extra])
    return {"scale": scale, "days": days, "run": r, "extrapolations": extra}


def targets(res: dict[str, Any], quick: bool) -> list[list[str]]:
    """The issue's targets against this run's figures (extrapolations labelled)."""
    rows = []
    if quick:
        rows.append(["demo, 180 d, whole process (s)", f"n/a (quick: {res['demo']['days']} d)",
                     f"<= {TARGET_DEMO_S:g}", ""])
    else:
        for r in res["demo"]["runs"]:
            rows.append([f"demo, 180 d, whole process, {r['label']}, wall s (CPU s)",
                         f"{r['wall_s']:.1f} ({r['cpu_s']:.1f})",
                         f"<= {TARGET_DEMO_S:g}", _verdict(r["wall_s"], TARGET_DEMO_S)])
    s = res["scaling"]
    for name, value in (("CPU exponent in villages", s["cpu_exponent"]),
                        ("memory exponent in villages", s["memory_exponent"])):
        rows.append([name, f"{value:.2f}", "<= 1.1 (linear)", "met" if value <= 1.1 else "not met"])
    shunde_res = res["shunde"]
    if shunde_res["scale"] == 1 and shunde_res["days"] == 180:  # the census itself: measured
        p = shunde_res["run"]["process"]
        wall, peak, how = p["wall_s"], p["peak_mb"], "MEASURED"
    else:  # with the exponents of (b)
        census = shunde_res["extrapolations"][1]
        wall, peak, how = census["wall_s"], census["peak_mb"], "EXTRAPOLATED"
    rows.append([f"full census, 180 d, wall s, {how}", f"{wall:.0f}", f"<= {TARGET_CENSUS_S:g}",
                 _verdict(wall, TARGET_CENSUS_S)])
    rows.append([f"full census, peak MB, {how}", f"{peak:,.0f}", f"<= {TARGET_CENSUS_MB:,.0f}",
                 _verdict(peak, TARGET_CENSUS_MB)])
    table("e. Targets (full census rows: measured when part c ran --scale 1 --days 180, else extrapolated "
          "from part c with the exponents of (b); c2 has the other bases)",
          ["measure", "now", "target", ""], rows)
    return rows


def run_benchmark(quick: bool, scale: float, days: int) -> dict[str, Any]:
    """Run every part and print its tables; returns the figures."""
    m = _machine()
    load = m["load_average"]
    print(f"# vcsim district benchmark ({'quick' if quick else 'full'})\nmachine: {m['cores']} cores, "
          f"Python {m['python']}, numpy {m['numpy']}, mesa {m['mesa']}, load {load}", flush=True)
    res: dict[str, Any] = {"quick": quick, "load_average": load}
    res["demo"] = demo(quick)
    res["scaling"] = scaling(quick)
    res["shunde"] = shunde(scale, days, res["scaling"])
    res["memory"] = memory(quick)
    res["targets"] = targets(res, quick)
    res["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"\nload average at the end: {res['load_average_end']}")
    return res


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.district", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke version, under a minute")
    ap.add_argument("--scale", type=float, help="Shunde's scale in part c (default 0.1; quick: 0.02)")
    ap.add_argument("--days", type=int, help="days of part c (default 180; quick: 30)")
    ap.add_argument("--out", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        spec = json.loads(args.child)
        out = (district_run(spec["overrides"]) if spec["kind"] == "district"
               else memory_report(spec["overrides"], spec["days"]))
        print(json.dumps(out))
        return
    scale = args.scale if args.scale is not None else (0.02 if args.quick else 0.1)
    days = args.days if args.days is not None else (30 if args.quick else 180)
    if not 0 < scale <= 1:
        ap.error(f"--scale={scale:g}: must be in (0, 1]")
    if days < 1:
        ap.error(f"--days={days}: must be at least 1")
    start = time.perf_counter()
    res = run_benchmark(args.quick, scale, days)
    print(f"benchmark took {time.perf_counter() - start:.0f} s")
    if args.out:
        args.out.write_text(json.dumps(res, indent=2, default=float) + "\n")
        print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
