"""Benchmark: what a run, a sweep and each engine cost, and where the time and memory go.

Usage::

    python -m benchmarks.bench            # full benchmark (about 5 minutes on 2 idle cores)
    python -m benchmarks.bench --quick    # smoke version (about 1 minute)
    python -m benchmarks.bench --out bench.json

Every measurement runs in a fresh child process, so its peak memory and timings
are its own. The presets are measured as configured (their fitted mosquito
density). The figures printed:

1. the two mosquito engines at the presets' density, CPU ns per mosquito-day
   over ``ENGINE_DAYS`` days, interleaved (arrays, agents, arrays, ...) and
   repeated: median and range, and the ratio per repeat; then the array
   engine's adult step on the town with numpy and with the compiled passes
   (``VCSIM_KERNELS=never`` / ``always``);
2. whole runs, CPU by part (composition, build + warm-up, each step phase),
   the campaign's share, whole-run ns per mosquito-day, peak memory;
3. whole processes: wall seconds of ``python -m sim.run`` (start-up and
   output included), median of repeats, and the start-up share;
4. scaling: runs of 180 days on villages of growing size, the log-log slope
   of CPU against households and against mosquito-days, memory per person;
5. a local sweep: runs per minute of a small-village 60-day seed sweep on 2
   workers, with the project's launcher and with Hydra's joblib launcher;
6. the targets of the speed issue, met or not.

The load average is printed at the start and end: other processes on a
shared machine inflate every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.measure import engine_cost, scaled_village, whole_run

__all__ = ["main", "run_benchmark"]

ROOT = Path(__file__).resolve().parent.parent
ENGINE_DAYS = 10


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    """A measurement in a fresh process; its warm-up is computed, never restored from a cache."""
    cmd = [sys.executable, "-m", "benchmarks.bench", "--child", json.dumps(spec)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False,
                         env={**os.environ, "VCSIM_WARMUP_CACHE": "0", **spec.get("env", {})})
    if out.returncode != 0:
        raise RuntimeError(f"benchmark child failed: {spec}\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wall(args: list[str], warmup_cache: str = "disk") -> float:
    """Wall seconds of ``python -m sim.run ARGS`` (interpreter start-up and output included)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "sim.run", *args], cwd=ROOT, capture_output=True,
                         text=True, check=False, env={**os.environ, "VCSIM_WARMUP_CACHE": warmup_cache})
    if out.returncode != 0:
        raise RuntimeError(f"sim.run {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return time.perf_counter() - start


def _table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    print(f"\n## {title}")
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _spread(values: list[float], fmt: str = ".1f") -> str:
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def _machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    from importlib.metadata import version

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "mesa": version("mesa"),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


# --- the parts ----------------------------------------------------------------------
def engines(quick: bool) -> dict[str, Any]:
    """Arrays and agents on the small village at the presets' density, interleaved."""
    repeats, days = (1, 2) if quick else (3, ENGINE_DAYS)
    rows = []
    for r in range(repeats):
        order = ("arrays", "agents") if r % 2 == 0 else ("agents", "arrays")
        pair = {e: _child({"kind": "engine", "overrides": ["village=small"], "engine": e, "days": days})
                for e in order}
        rows.append(pair)
    ratio = [p["agents"]["adult_ns"] / p["arrays"]["adult_ns"] for p in rows]
    out = {"days": days, "repeats": rows, "agents_over_arrays": ratio}
    _table(f"1. Mosquito engines, small village at the presets' density ({days} days from "
           f"equilibrium, {repeats} interleaved repeats; CPU ns per mosquito-day, median (range))",
           ["engine", "adults", "adult step", "+ aquatic stages", "peak MB"],
           [[e, f"{rows[0][e]['adults']:,}", _spread([p[e]["adult_ns"] for p in rows]),
             _spread([p[e]["with_aquatic_ns"] for p in rows]), f"{rows[0][e]['max_rss_mb']:.0f}"]
            for e in ("arrays", "agents")])
    print(f"agents / arrays, adult step: {_spread(ratio, '.0f')}x (target: at least 100x)")
    return out


def compiled_step(quick: bool) -> dict[str, Any]:
    """The array engine's adult step on the town, numpy against the compiled passes, interleaved."""
    village, repeats, days = (("village=small", 1, 2) if quick else ("village=town", 2, ENGINE_DAYS))
    rows = []
    for r in range(repeats):
        order = ("never", "always") if r % 2 == 0 else ("always", "never")
        rows.append({k: _child({"kind": "engine", "overrides": [village], "engine": "arrays",
                                "days": days, "env": {"VCSIM_KERNELS": k}}) for k in order})
    gain = [p["never"]["adult_ns"] / p["always"]["adult_ns"] for p in rows]
    _table(f"1b. Array engine's adult step, {village}, numpy against compiled (numba), {days} days, "
           f"{repeats} interleaved repeats; CPU ns per mosquito-day, median (range)",
           ["adult step", "adults", "ns per mosquito-day", "peak MB"],
           [[name, f"{rows[0][k]['adults']:,}", _spread([p[k]["adult_ns"] for p in rows]),
             f"{rows[0][k]['max_rss_mb']:.0f}"] for k, name in (("never", "numpy"), ("always", "compiled"))])
    print(f"compiled / numpy speed-up: {_spread(gain, '.2f')}x")
    return {"village": village, "days": days, "repeats": rows, "speedup": gain}


def runs(quick: bool) -> list[dict[str, Any]]:
    """Whole runs by part."""
    plan = ([["village=small", "days=30"], ["village=small", "days=30", "strategy=shunde_2025"]] if quick
            else [["strategy=baseline"], ["strategy=shunde_2025"],
                  # seed 1: an epidemic the town campaign meets (with seed 0 the imports fizzle)
                  ["village=town", "strategy=baseline", "seed=1"],
                  ["village=town", "strategy=shunde_2025", "staffing=town", "seed=1"]])
    out = [_child({"kind": "run", "overrides": ov}) for ov in plan]
    _table("2. Whole runs (CPU s by part; ns per mosquito-day = the whole run's CPU per "
           "mosquito-day simulated after the warm-up)",
           ["run", "days", "mean adults", "compose", "build+warm-up", "aquatic", "adults", "campaign",
            "other", "campaign %", "ns/mosq-day", "peak MB"],
           [[" ".join(r["overrides"]), r["days"], f"{r['mean_adults']:,.0f}", *_parts(r),
             f"{100 * r['parts_cpu_s']['campaign'] / r['sim_cpu_s']:.0f}",
             f"{r['ns_per_mosquito_day']:.0f}", f"{r['max_rss_mb']:.0f}"] for r in out])
    return out


def _parts(run: dict[str, Any]) -> list[str]:
    p = run["parts_cpu_s"]
    named = ["compose", "build_and_warmup", "aquatic_stages", "adult_mosquitoes", "campaign"]
    other = run["sim_cpu_s"] - sum(p[k] for k in named[1:])
    return [f"{p[k]:.2f}" for k in named] + [f"{other:.2f}"]


def processes(quick: bool) -> list[dict[str, Any]]:
    """Wall seconds of whole ``python -m sim.run`` processes, median of repeats: with the
    warm-up computed (cold) and restored from the disk cache by a repeat (warm)."""
    plan = ([["village=small", "days=30"]] if quick
            else [["strategy=baseline"], ["strategy=shunde_2025"]])
    repeats = 1 if quick else 3
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, args in enumerate(plan):
            def runs(extra: list[str], cache: str, tag: str) -> list[float]:
                return [_wall([*args, *extra, f"hydra.run.dir={tmp}/{tag}{i}_{k}"], cache)  # noqa: B023
                        for k in range(repeats)]

            cold, one_day = runs([], "0", "c"), runs(["days=1"], "0", "o")
            _wall([*args, f"hydra.run.dir={tmp}/fill{i}"])  # stores the warm-up on disk
            out.append({"args": args, "wall_s": cold, "one_day_wall_s": one_day,
                        "warm_wall_s": runs([], "disk", "w")})
    _table("3. Whole processes: python -m sim.run ARGS (wall s, median (range); cold = warm-up "
           "computed, warm = restored from the disk cache; a 1-day run, cold, is start-up, "
           "composition, build, warm-up and output)",
           ["args", "cold", "warm", "1-day run", "1-day share of cold"],
           [[" ".join(r["args"]), _spread(r["wall_s"], ".2f"), _spread(r["warm_wall_s"], ".2f"),
             _spread(r["one_day_wall_s"], ".2f"),
             f"{100 * statistics.median(r['one_day_wall_s']) / statistics.median(r['wall_s']):.0f}%"]
            for r in out])
    return out


def scaling(quick: bool) -> dict[str, Any]:
    """Runs on villages of growing size; log-log slopes and memory per person."""
    households, days = ([100, 200, 400], 20) if quick else ([750, 1500, 3000, 6000], 180)
    rows = [_child({"kind": "run", "overrides": [*scaled_village(h), f"days={days}"]}) for h in households]
    cpu = [r["sim_cpu_s"] for r in rows]
    slope_hh = float(np.polyfit(np.log(households), np.log(cpu), 1)[0])
    slope_md = float(np.polyfit(np.log([r["mosquito_days"] for r in rows]), np.log(cpu), 1)[0])
    mem = np.polyfit([r["people"] for r in rows], [r["max_rss_mb"] for r in rows], 1)
    _table(f"4. Scaling (baseline, {days} days, villages like the default one)",
           ["households", "people", "mean adults", "cpu s", "ns/mosq-day", "peak MB", "MB above base"],
           [[h, r["people"], f"{r['mean_adults']:,.0f}", f"{r['sim_cpu_s']:.2f}",
             f"{r['ns_per_mosquito_day']:.0f}", f"{r['max_rss_mb']:.0f}",
             f"{r['max_rss_mb'] - r['base_mb']:.0f}"] for h, r in zip(households, rows, strict=True)])
    per_person_kb = 1024 * mem[0]
    adults_per_person = statistics.median(r["max_adults"] / r["people"] for r in rows)
    print(f"log-log slope of run CPU: {slope_hh:.2f} vs households, {slope_md:.2f} vs mosquito-days "
          f"(1.0 = linear); peak memory grows {per_person_kb:.0f} KB per resident (with "
          f"{adults_per_person:.0f} adult mosquitoes each: {1024 * per_person_kb / adults_per_person:.0f} "
          "bytes per mosquito if it were all theirs)")
    return {"rows": rows, "slope_households": slope_hh, "slope_mosquito_days": slope_md,
            "kb_per_person": per_person_kb, "adults_per_person": adults_per_person}


def sweep(quick: bool) -> dict[str, Any]:
    """Runs per minute of a local sweep on the small village, with each local launcher."""
    seeds, days = (4, 20) if quick else (40, 60)
    out: dict[str, Any] = {"days": days}
    print("\n## 5. Local sweep")
    for launcher in ("vcsim", "joblib"):
        with tempfile.TemporaryDirectory() as tmp:
            args = ["-m", "village=small", f"days={days}", f"seed=range(0,{seeds})",
                    f"hydra/launcher={launcher}", "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={tmp}/sweep"]
            elapsed = _wall(args, "0")  # each job computes its warm-up, as a first sweep would
            n = len(list(Path(tmp, "sweep").glob("*/summary.json")))
        out[launcher] = {"runs": n, "wall_s": elapsed, "runs_per_minute": 60.0 * n / elapsed}
        print(f"{n} runs (small village, {days} days, seeds 0-{seeds - 1}, {launcher} launcher, 2 workers) "
              f"in {elapsed:.1f} s wall: {60.0 * n / elapsed:.0f} runs per minute")
    out.update(out["vcsim"])
    return out


def targets(res: dict[str, Any]) -> list[list[str]]:
    """The speed issue's targets against this run's figures (full benchmark only)."""
    by_run = {" ".join(r["overrides"]): r for r in res["runs"]}
    walls = {" ".join(p["args"]): statistics.median(p["wall_s"]) for p in res["processes"]}
    warm = {" ".join(p["args"]): statistics.median(p["warm_wall_s"]) for p in res["processes"]}
    town = by_run["village=town strategy=baseline seed=1"]
    shunde = by_run["strategy=shunde_2025"]
    rows = [
        ("default village, baseline, 180 d, whole process, cold (s)", walls["strategy=baseline"], "<=", 2.0),
        ("default village, baseline, whole process, warm (s)", warm["strategy=baseline"], "<=", 2.0),
        ("default village, shunde_2025, whole process, cold (s)", walls["strategy=shunde_2025"], "<=", 1.5),
        ("default village, shunde_2025, whole process, warm (s)", warm["strategy=shunde_2025"], "<=", 1.5),
        ("town, baseline, 180 d, simulation CPU (s)", town["sim_cpu_s"], "<=", 15.0),
        ("town, whole-run ns per mosquito-day", town["ns_per_mosquito_day"], "<=", 40.0),
        ("campaign share of a shunde_2025 run (%)",
         100 * shunde["parts_cpu_s"]["campaign"] / shunde["sim_cpu_s"], "<=", 10.0),
        ("local sweep, small village, 60 d, vcsim launcher (runs/min)", res["sweep"]["runs_per_minute"],
         ">=", 120.0),
        ("agents / arrays per mosquito-day (x)", statistics.median(res["engines"]["agents_over_arrays"]),
         ">=", 100.0),
    ]
    table = [[name, f"{value:.1f}", f"{op} {goal:g}",
              "met" if (value <= goal if op == "<=" else value >= goal) else "not met"]
             for name, value, op, goal in rows]
    _table("6. Targets", ["measure", "now", "target", ""], table)
    return table


def run_benchmark(quick: bool) -> dict[str, Any]:
    """Run every measurement and print the tables; returns the figures."""
    res: dict[str, Any] = {"quick": quick, "machine": _machine()}
    # Warm-ups stored on disk by earlier runs must not make this one look faster.
    os.environ["VCSIM_CACHE_DIR"] = tempfile.mkdtemp(prefix="vcsim-bench-")
    m = res["machine"]
    print(f"# vcsim benchmark ({'quick' if quick else 'full'})\nmachine: {m['cpu']}, {m['cores']} cores, "
          f"Python {m['python']}, numpy {m['numpy']}, mesa {m['mesa']}, load {m['load_average']}")
    res["engines"] = engines(quick)
    res["compiled"] = compiled_step(quick)
    res["runs"] = runs(quick)
    res["processes"] = processes(quick)
    res["scaling"] = scaling(quick)
    res["sweep"] = sweep(quick)
    if not quick:
        res["targets"] = targets(res)
    res["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    shutil.rmtree(os.environ["VCSIM_CACHE_DIR"], ignore_errors=True)
    print(f"\nload average at the end: {res['machine']['load_average_end']}")
    return res


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke version, about a minute")
    ap.add_argument("--out", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        spec = json.loads(args.child)
        if spec["kind"] == "engine":
            out = engine_cost(spec["overrides"], spec["engine"], spec["days"])
        else:
            out = whole_run(spec["overrides"])
        print(json.dumps(out))
        return
    start = time.perf_counter()
    res = run_benchmark(args.quick)
    print(f"benchmark took {time.perf_counter() - start:.0f} s")
    if args.out:
        args.out.write_text(json.dumps(res, indent=2) + "\n")
        print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
