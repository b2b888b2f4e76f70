"""Benchmark: engine cost per mosquito-day, seconds per run, scaling, memory, sweep throughput.

Usage::

    python -m benchmarks.bench            # full benchmark (several minutes)
    python -m benchmarks.bench --quick    # smoke version (< 1 min)
    python -m benchmarks.bench --out bench.json

Every measurement runs in a fresh subprocess (``python -m benchmarks.bench --child
SPEC``), so its peak memory (``ru_maxrss``) and timings are not disturbed by
earlier measurements. Timings are CPU seconds (``time.process_time``) of the
simulation itself, excluding interpreter start-up and config composition, plus
wall seconds; the end-to-end and sweep figures are wall times of the real
commands. The machine's load average is printed: other processes on a shared
machine inflate wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["main", "measure_engine", "measure_run", "scaled_village", "strategies_available"]

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_STRATEGIES = ("baseline", "routine", "full_cadre", "ring_zoning", "three_person_team",
                       "publicity_only", "shunde_2025")


# --- measurements (run inside a child process) ----------------------------------
def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure_engine(overrides: list[str], engine: str, days: int) -> dict[str, Any]:
    """CPU cost of the mosquito steps alone, per mosquito-day, from an equilibrium state.

    ``ns_per_mosquito_day`` times the adult step (where the engines differ);
    ``with_aquatic_ns`` adds the aquatic stages (shared code, a per-site cost).

    The state is made by the array engine's warm-up and copied into a model
    with the requested engine (same village, immatures, wet sites and adult
    cells), so both engines are timed on the same scenario.
    """
    from sim.cli.compose import compose_params
    from sim.model import CampaignModel

    ref = CampaignModel(compose_params([*overrides, "vector.engine=arrays"]))
    model = CampaignModel(compose_params([*overrides, f"vector.engine={engine}",
                                          "vector.warmup_days=0", "vector.initial_adults_per_site=0"]))
    model.sites.immatures[...] = ref.sites.immatures
    model.sites.wet[...] = ref.sites.wet
    model.mosquitoes.add_adults(ref.mosquitoes.cell.copy())
    del ref
    m = model.mosquitoes
    hosts = model.protections.hosts(model.population, model.params.residents.p_bite_away_from_home, 0)
    mosquito_days, aquatic, adults, best = 0, 0.0, 0.0, float("inf")
    for day in range(days):
        start = time.process_time()
        traits = model.world.traits_on(day)
        m.step_aquatic(day, traits)
        middle = time.process_time()
        n = m.n_adults
        m.step_adults(day, hosts, None, traits)
        end = time.process_time()
        mosquito_days, aquatic, adults = mosquito_days + n, aquatic + middle - start, adults + end - middle
        best = min(best, 1e9 * (end - middle) / max(n, 1))
    per = 1e9 / max(mosquito_days, 1)
    return {"engine": engine, "adults": m.n_adults, "mosquito_days": mosquito_days,
            "cpu_s": aquatic + adults, "ns_per_mosquito_day": per * adults, "best_day_ns": best,
            "with_aquatic_ns": per * (aquatic + adults), "max_rss_mb": _max_rss_mb()}


def measure_run(overrides: list[str]) -> dict[str, Any]:
    """One whole run (model construction with warm-up, then every day), timed by step phase."""
    from sim.cli.compose import compose_params
    from sim.model import PHASES, CampaignModel
    from sim.simulate import simulate

    params = compose_params(overrides)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    model = CampaignModel(params)
    phases = {"build_and_warmup": time.process_time() - cpu0}
    for name in PHASES:
        phases[name] = 0.0
        method = getattr(model, f"_step_{name}")

        def timed(method: Any = method, name: str = name) -> None:
            t = time.process_time()
            method()
            phases[name] += time.process_time() - t

        setattr(model, f"_step_{name}", timed)
    result = simulate(params, model=model)
    ts = result.timeseries
    return {"overrides": overrides, "strategy": params.strategy.name, "days": params.days,
            "wall_s": time.perf_counter() - wall0,
            "cpu_s": time.process_time() - cpu0, "phases_cpu_s": phases,
            "households": model.village.n_households, "people": model.population.n,
            "mean_adults": float(ts["adult_mosquitoes"].mean()),
            "mosquito_days": float(ts["adult_mosquitoes"].sum()),
            "total_infections": result.summary["total_infections"], "max_rss_mb": _max_rss_mb()}


def scaled_village(households: int) -> list[str]:
    """Overrides for a village like the default one with ``households`` houses (same densities)."""
    f = (households / 1500) ** 0.5
    side = max(6, round(60 * f))
    return [f"village.households={households}", f"village.width_cells={side}",
            f"village.height_cells={side}", f"village.groups_x={max(1, round(4 * f))}",
            f"village.groups_y={max(1, round(3 * f))}",
            f"village.settlements={max(1, round(14 * households / 1500))}",
            f"village.construction_sites={max(1, round(households / 1500))}"]


# --- orchestration (parent process) ----------------------------------------------
def _child(spec: dict[str, Any]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.bench", "--child", json.dumps(spec)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"benchmark child failed: {spec}\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def strategies_available() -> list[str]:
    """Strategy presets present in ``configs/strategy`` (files starting with ``_`` excluded)."""
    return sorted(p.stem for p in (ROOT / "configs" / "strategy").glob("*.yaml")
                  if not p.stem.startswith("_"))


def _machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import mesa

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "mesa": mesa.__version__,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _timed_command(args: list[str]) -> float:
    """Wall seconds of ``python -m sim.run ARGS`` (interpreter start-up included)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "sim.run", *args], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"sim.run {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return time.perf_counter() - start


def _fit_exponent(x: list[float], y: list[float]) -> float:
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def _print_table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    print(f"\n## {title}")
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


#: ``vector.capacity_scale`` at which the issue's reference sizes hold (small village ~20,000
#: adults, default ~70,000, town ~700,000) under the current rules (blood-fed oviposition,
#: larvae-only competition, uncounted habitat). The presets' own value (whatever
#: ``configs/vector`` says) is measured as well.
REFERENCE = "vector.capacity_scale=0.8"
SMALL_20K = ["village=small", "vector.capacity_scale=0.8"]


def _preset_capacity_scale() -> float:
    """The presets' own ``vector.capacity_scale`` (as configured now)."""
    from sim.cli.compose import compose_params

    return compose_params([]).vector.capacity_scale


def _engines(quick: bool, same: bool) -> list[dict[str, Any]]:
    scenarios = [("small ~20k (ref.)", SMALL_20K)]
    if not quick:
        for village in ("default", "town"):
            scenarios.append((f"{village} (ref.)", [f"village={village}", REFERENCE]))
            if not same:
                scenarios.append((f"{village} preset", [f"village={village}"]))
    out = [{"scenario": label, **_child({"kind": "engine", "overrides": ov, "engine": "arrays",
                                         "days": 3 if quick else 10})} for label, ov in scenarios]
    out.append({"scenario": scenarios[0][0], **_child({"kind": "engine", "overrides": SMALL_20K,
                                                       "engine": "agents", "days": 1 if quick else 3})})
    return out


def _run_plan(quick: bool, have: list[str], same: bool) -> list[tuple[str, list[str]]]:
    """(label, overrides) of the whole runs to time (presets, plus reference density if different)."""
    shunde = "shunde_2025" in have
    if quick:
        plan = [("small", ["village=small", "days=20"])]
        if shunde:
            plan.append(("default (ref.)", ["village=default", "strategy=shunde_2025", "days=20",
                                            REFERENCE]))
        return plan
    staff = ["staffing=town"] if (ROOT / "configs/staffing/town.yaml").exists() else []
    plan = [("small", ["village=small"])]
    # An organisation's strategy (jiayu, zeku, foshan_2020) needs its own staff pool.
    plan += [("default", ["village=default", f"strategy={s}",
                          *([f"staffing={s}"] if (ROOT / f"configs/staffing/{s}.yaml").exists() else [])])
             for s in have]
    if shunde and not same:
        plan.append(("default (ref.)", ["village=default", "strategy=shunde_2025", REFERENCE]))
    for label, extra in (("town", []), ("town (ref.)", [REFERENCE]))[: 1 if same else 2]:
        plan.append((label, ["village=town", "strategy=baseline", *extra]))
        if shunde:
            plan.append((label, ["village=town", "strategy=shunde_2025", *staff, *extra]))
    return plan


def run_benchmark(quick: bool) -> dict[str, Any]:
    """Run every measurement and print the tables; returns the figures."""
    res: dict[str, Any] = {"quick": quick, "machine": _machine()}
    m = res["machine"]
    print(f"# vcsim benchmark ({'quick' if quick else 'full'})\nmachine: {m['cpu']}, {m['cores']} cores, "
          f"Python {m['python']}, numpy {m['numpy']}, mesa {m['mesa']}, load {m['load_average']}")
    preset = res["preset_capacity_scale"] = _preset_capacity_scale()
    same = preset == float(REFERENCE.split("=")[1])
    print(f"(ref.) = the issue's reference mosquito density, {REFERENCE}; 'preset' = as configured "
          f"(capacity_scale={preset:g})")
    have = strategies_available()
    for name in EXPECTED_STRATEGIES:
        if name not in have:
            print(f"note: strategy preset '{name}' does not exist yet: skipped")

    # 1. engines, ns per mosquito-day
    engines = res["engines"] = _engines(quick, same)
    agents, arrays_small = engines[-1], engines[0]
    res["agents_over_arrays"] = agents["ns_per_mosquito_day"] / arrays_small["ns_per_mosquito_day"]
    res["agents_over_arrays_with_aquatic"] = agents["with_aquatic_ns"] / arrays_small["with_aquatic_ns"]
    _print_table("Mosquito engine cost (CPU ns per mosquito-day)",
                 ["engine", "scenario", "adults", "adult step", "best day", "+ aquatic", "peak MB"],
                 [[e["engine"], e["scenario"], f"{e['adults']:,}", f"{e['ns_per_mosquito_day']:.1f}",
                   f"{e['best_day_ns']:.1f}", f"{e['with_aquatic_ns']:.1f}", f"{e['max_rss_mb']:.0f}"]
                  for e in engines])
    print(f"agents / arrays on the small village (~20k adults): {res['agents_over_arrays']:.0f}x "
          f"for the adult step, {res['agents_over_arrays_with_aquatic']:.0f}x with the shared aquatic "
          "stages (target >= 100x)")
    for e in engines[:-1]:
        if e["adults"] >= 500_000:
            print(f"arrays at {e['adults']:,} adults: {e['with_aquatic_ns']:.1f} ns/mosquito-day "
                  "with the aquatic stages (target <= 100 ns at 500,000)")

    # 2. seconds per run
    runs = res["runs"] = [{"village": v, **_child({"kind": "run", "overrides": ov})}
                          for v, ov in _run_plan(quick, have, same)]
    _print_table("Seconds per run (model build + 60-day warm-up + days; CPU and wall)",
                 ["village", "overrides", "days", "cpu s", "wall s", "campaign s", "mean adults",
                  "peak MB"],
                 [[r["village"], " ".join(o for o in r["overrides"] if not o.startswith(("village=",
                   "days=", "vector.capacity"))) or "strategy=baseline", r["days"], f"{r['cpu_s']:.2f}",
                   f"{r['wall_s']:.2f}", f"{r['phases_cpu_s']['campaign']:.2f}",
                   f"{r['mean_adults']:,.0f}", f"{r['max_rss_mb']:.0f}"] for r in runs])
    phases = list(runs[0]["phases_cpu_s"])
    _print_table("Where the time goes (CPU s by step)", ["village", "strategy", *phases],
                 [[r["village"], r["strategy"], *[f"{r['phases_cpu_s'][p]:.2f}" for p in phases]]
                  for r in runs])
    for label in ("town", "town (ref.)"):
        pair = [r for r in runs if r["village"] == label]
        if len(pair) == 2:
            ratio = pair[1]["cpu_s"] / pair[0]["cpu_s"]
            res[f"workforce_ratio_{label}"] = ratio
            print(f"{label}: shunde_2025 with the town workforce / baseline run time: {ratio:.2f}x "
                  f"(campaign step {pair[1]['phases_cpu_s']['campaign']:.1f} s; target <= 2x)")

    # 3. scaling
    households = [100, 200, 400, 800] if quick else [750, 1500, 3000, 6000, 12000]
    sdays = 5 if quick else 60
    scaling = res["scaling"] = [
        _child({"kind": "run", "overrides": [*scaled_village(h), f"days={sdays}", REFERENCE]})
        for h in households]
    cpu = [x["cpu_s"] for x in scaling]
    res["scaling_exponent_households"] = _fit_exponent([x["households"] for x in scaling], cpu)
    res["scaling_exponent_mosquitoes"] = _fit_exponent([x["mean_adults"] for x in scaling], cpu)
    _print_table(f"Scaling (baseline, {REFERENCE}, warm-up + {sdays} days)",
                 ["households", "people", "mean adults", "cpu s", "peak MB"],
                 [[x["households"], x["people"], f"{x['mean_adults']:,.0f}", f"{x['cpu_s']:.2f}",
                   f"{x['max_rss_mb']:.0f}"] for x in scaling])
    print(f"log-log slope of run cost: {res['scaling_exponent_households']:.2f} vs households, "
          f"{res['scaling_exponent_mosquitoes']:.2f} vs mean adults (1.0 = linear)")

    # 4. end to end and sweep throughput
    strategy = "strategy=shunde_2025" if "shunde_2025" in have else "strategy=baseline"
    commands = ([[strategy, "village=small", "days=30"]] if quick
                else [[strategy]] if same else [[strategy, REFERENCE], [strategy]])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, args in enumerate(commands):
            rows.append([f"python -m sim.run {' '.join(args)}",
                         f"{_timed_command([*args, f'hydra.run.dir={tmp}/run{i}']):.2f} s"])
        sweep = _sweep_args(have, quick, tmp)
        elapsed = _timed_command(sweep)
        n_runs = len(list(Path(tmp, "sweep").glob("*/summary.json")))
    res["end_to_end"] = rows
    res["sweep"] = {"args": sweep[1:-2], "runs": n_runs, "wall_s": elapsed,
                    "runs_per_minute": 60.0 * n_runs / elapsed}
    rows += [[f"sweep: {' '.join(sweep[1:-2])} ({n_runs} runs, 2 jobs)", f"{elapsed:.1f} s"],
             ["sweep throughput", f"{res['sweep']['runs_per_minute']:.1f} runs/min"]]
    _print_table("Command line (wall, including interpreter start-up)", ["measure", "value"], rows)
    res["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"\nload average at the end: {res['machine']['load_average_end']}")
    return res


def _sweep_args(have: list[str], quick: bool, tmp: str) -> list[str]:
    """The compare_strategies sweep with 2 seeds (or a 2 x 2 small one with --quick)."""
    out = [f"hydra.sweep.dir={tmp}/sweep", "hydra.launcher.n_jobs=2"]
    if quick:
        pair = ",".join(s for s in ("baseline", "shunde_2025") if s in have)
        return ["-m", "village=small", "days=20", f"strategy={pair}", "seed=0,1",
                "hydra/launcher=joblib", *out]
    if (ROOT / "experiments/experiment/compare_strategies.yaml").exists():
        return ["-m", "+experiment=compare_strategies", "seed=0,1", *out]
    return ["-m", f"strategy={','.join(have)}", "seed=0,1", "hydra/launcher=joblib", *out]


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke version, under a minute")
    ap.add_argument("--out", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        import logging

        logging.getLogger("MESA").setLevel(logging.WARNING)
        spec = json.loads(args.child)
        if spec["kind"] == "engine":
            out = measure_engine(spec["overrides"], spec["engine"], spec["days"])
        else:
            out = measure_run(spec["overrides"])
        print(json.dumps(out))
        return
    res = run_benchmark(args.quick)
    if args.out:
        args.out.write_text(json.dumps(res, indent=2) + "\n")
        print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
