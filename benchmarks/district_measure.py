"""The district benchmark's runs (:mod:`benchmarks.district`): whole processes and child runs.

Every run is a fresh process: wall and CPU seconds and the peak resident set of the
whole process come from ``os.wait4``. Parts a (the demo district as ``python -m
sim.run`` runs it), b (districts of N villages, and 10 villages of growing size) and c
(Shunde at a scale) are run here; :func:`district_run` is what a child measures in its
own process, with the baseline taken after imports, composition and loading numba's
compiled passes. Progress lines and the report's tables are printed with :func:`step`
and :func:`table`.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.bench import ROOT
from benchmarks.bench import _table as _bench_table
from benchmarks.measure import peak_rss_mb

__all__ = ["ECHELON_PER_RESIDENT", "KM2_PER_VILLAGE", "VILLAGE_RESIDENTS", "demo_runs", "district_child",
           "district_overrides", "district_run", "quiet_villages", "run_child", "shunde_run", "step",
           "table"]

#: Mean residents of a Shunde village at scale 0.1 (322,622 residents in 205 villages).
VILLAGE_RESIDENTS = 1575
#: Shunde's map: about 3.9 km2 per village (806.57 km2 for 205 villages).
KM2_PER_VILLAGE = 4.0
#: Shunde's fixed echelon per resident (1,200 a day for 3,229,090 residents).
ECHELON_PER_RESIDENT = 1200 / 3_229_090


# --- printing -----------------------------------------------------------------------
def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    """A titled table (:func:`benchmarks.bench._table`), then a blank line."""
    _bench_table(title, header, rows)
    print()


def step(text: str) -> float:
    """Print what runs now; its start on the wall clock."""
    print(f"  running: {text} ...", flush=True)
    return time.perf_counter()


# --- processes ----------------------------------------------------------------------
#: Runs ``python -m <module> <args>`` and prints the program's own peak memory at exit
#: (:func:`benchmarks.measure.peak_rss_mb`: wait4's ``ru_maxrss`` would include the parent's).
_LAUNCH = ("import atexit, runpy, sys\n"
           "from benchmarks.measure import peak_rss_mb\n"
           "atexit.register(lambda: sys.stderr.write(f'\\nPEAK_RSS_MB {peak_rss_mb()}\\n'))\n"
           "sys.argv = sys.argv[1:]\n"
           "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n")


def _process(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``[python, "-m", module, *args]`` in ROOT; its wall and CPU seconds (wait4) and its
    own peak resident set (printed by the program at exit, see :data:`_LAUNCH`)."""
    assert cmd[1] == "-m", cmd
    cmd = [cmd[0], "-c", _LAUNCH, *cmd[2:]]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **env})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark process failed ({' '.join(cmd[1:])}):\n{stderr[-3000:]}")
    peaks = [float(line.split()[1]) for line in stderr.splitlines() if line.startswith("PEAK_RSS_MB ")]
    peak = peaks[-1] if peaks else usage.ru_maxrss / 1024.0
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": peak,
            "stdout": stdout, "stderr": stderr}


def _child(spec: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any]:
    """A measurement in a fresh process (``--child``); its own figures plus the process's."""
    proc = _process([sys.executable, "-m", "benchmarks.district", "--child", json.dumps(spec)],
                    {"VCSIM_WARMUP_CACHE": "0", **(env or {})})
    res = json.loads(proc["stdout"].strip().splitlines()[-1])
    res["process"] = {k: proc[k] for k in ("wall_s", "cpu_s", "peak_mb")}
    return res


def run_child(text: str, spec: dict[str, Any]) -> dict[str, Any]:
    """:func:`_child` with its progress lines (what runs, how long it took)."""
    start = step(text)
    res = _child(spec)
    print(f"    done in {time.perf_counter() - start:.1f} s", flush=True)
    return res


# --- the runs -----------------------------------------------------------------------
def demo_runs(quick: bool) -> dict[str, Any]:
    """(a) The demo district as ``python -m sim.run`` runs it: first run, then a repeat."""
    days = 10 if quick else 180
    args = ["district=demo", "strategy=shunde_2025", f"days={days}"]
    runs = [("first run (warm-ups computed, stored)", "c", {})] + ([] if quick else [
        ("repeat (warm-ups from disk)", "w", {}),
        ("repeat on one thread (VCSIM_DISTRICT_THREADS=1)", "1", {"VCSIM_DISTRICT_THREADS": "1"})])
    out = []
    with tempfile.TemporaryDirectory(prefix="vcsim-bench-district-") as tmp:
        env = {"VCSIM_WARMUP_CACHE": "disk", "VCSIM_CACHE_DIR": str(Path(tmp, "cache"))}
        for label, tag, extra in runs:
            folder = Path(tmp, tag)
            start = step(f"(a) python -m sim.run {' '.join(args)}, {label}")
            proc = _process([sys.executable, "-m", "sim.run", *args, f"hydra.run.dir={folder}"],
                            {**env, **extra})
            log = (folder / "run.log").read_text()
            built = re.search(r"residents built in ([0-9.]+) s", log)
            build_s = float(built.group(1)) if built else math.nan
            run_s = float(json.loads((folder / "summary.json").read_text())["wall_seconds"])
            out.append({"label": label, "days": days, "wall_s": proc["wall_s"], "cpu_s": proc["cpu_s"],
                        "peak_mb": proc["peak_mb"], "build_s": build_s, "days_s": run_s - build_s,
                        "startup_and_output_s": proc["wall_s"] - run_s})
            print(f"    done in {time.perf_counter() - start:.1f} s", flush=True)
    return {"days": days, "runs": out}


def district_child(part: str, villages: int, per_village: int, days: int) -> dict[str, Any]:
    """(b) A district of ``villages`` villages of ``per_village`` residents, shunde_2025, in a child."""
    return run_child(f"({part}) {villages} villages x {per_village:,} residents, {days} days",
                     {"kind": "district", "overrides": [*district_overrides(villages, per_village),
                                                        "strategy=shunde_2025", f"days={days}"]})


def shunde_run(scale: float, days: int) -> dict[str, Any]:
    """(c) Shunde at ``scale``, shunde_2025, for ``days`` days, in a child."""
    return run_child(f"(c) district=shunde district.scale={scale:g}, shunde_2025, {days} days",
                     {"kind": "district", "overrides": ["district=shunde", f"district.scale={scale:g}",
                                                        "strategy=shunde_2025", f"days={days}"]})


# --- what the children measure ------------------------------------------------------
def district_overrides(villages: int, per_village: int = VILLAGE_RESIDENTS) -> list[str]:
    """A district of ``villages`` villages of ``per_village`` residents on average, with
    Shunde's density of villages, organisations per village (one per 4) and echelon per
    resident (on the demo preset; scale 1)."""
    residents = villages * per_village
    return ["district=demo", f"district.villages={villages}", f"district.towns={max(1, villages // 20)}",
            f"district.residents={residents}", f"district.area_km2={KM2_PER_VILLAGE * villages:g}",
            f"district.command.organisations={max(1, villages // 4)}",
            f"district.command.echelon_per_day={max(1, round(ECHELON_PER_RESIDENT * residents))}"]


def quiet_villages() -> None:
    """As :func:`sim.district.run.simulate_district` does: no campaign log line per village."""
    import logging

    logging.getLogger("sim.campaign").setLevel(logging.ERROR)
    logging.getLogger("MESA").setLevel(logging.WARNING)


def _load_compiled_passes() -> None:
    """Load numba and every compiled pass of the array engine now, on a small village.

    A run loads them the first day a village has :data:`sim.vector.compiled.MIN_ADULTS`
    adults (about 125 MB, once per process): villages of a few thousand residents do,
    smaller ones never. Loaded before the baseline is measured, that step is not mistaken
    for memory that grows with the district.
    """
    from sim.cli.compose import compose_params
    from sim.model import CampaignModel
    from sim.simulate import release_model
    from sim.vector import compiled

    before = os.environ.get("VCSIM_KERNELS")
    os.environ["VCSIM_KERNELS"] = "always"
    try:
        model = CampaignModel(compose_params(["village=small", "days=2", "vector.warmup_days=2"]))
        for _ in range(2):
            model.step()
        q = model.mosquitoes
        compiled.rows_in_cells(q, np.ones(q.n_cells, bool))
        compiled.keep(q, np.ones(q.n_adults, bool))
        release_model(model)
    finally:
        if before is None:
            del os.environ["VCSIM_KERNELS"]
        else:
            os.environ["VCSIM_KERNELS"] = before


def district_run(overrides: list[str]) -> dict[str, Any]:
    """Build a district and run its days as :func:`sim.district.run.simulate_district` does,
    timed by part: build (villages and their warm-ups), days, outputs. The baseline is the
    process after imports, composition and loading the compiled passes."""
    from sim.cli.compose import compose_params
    from sim.district.model import DistrictModel
    from sim.district.outputs import district_summary, district_table, places_csv, villages_csv
    from sim.simulate import release_model
    from sim.vector.compiled import MIN_ADULTS

    params = compose_params(overrides)
    _load_compiled_passes()
    base_mb = peak_rss_mb()
    quiet_villages()
    w0, c0 = time.perf_counter(), time.process_time()
    model = DistrictModel(params)
    w1, c1 = time.perf_counter(), time.process_time()
    for _ in range(params.days):
        model.step()
    w2, c2 = time.perf_counter(), time.process_time()
    daily = district_table(model)
    summary = district_summary(model, daily, w2 - w0)
    villages_csv(model)
    places_csv(model)
    w3, c3 = time.perf_counter(), time.process_time()
    residents = sum(m.population.n for m in model.villages)
    out = {"overrides": overrides, "villages": len(model.villages), "residents": residents,
           "households": sum(m.village.n_households for m in model.villages), "days": params.days,
           "build_wall_s": w1 - w0, "build_cpu_s": c1 - c0, "days_wall_s": w2 - w1, "days_cpu_s": c2 - c1,
           "outputs_cpu_s": c3 - c2, "sim_wall_s": w3 - w0, "sim_cpu_s": c3 - c0,
           "mean_adults_per_resident": float(np.mean(daily["adult_mosquitoes"])) / max(residents, 1),
           "total_infections": summary["total_infections"], "base_mb": base_mb, "peak_mb": peak_rss_mb(),
           "compiled_villages": sum(int(m.recorder.data["adult_mosquitoes"].max() >= MIN_ADULTS)
                                    for m in model.villages)}
    for m in model.villages:
        release_model(m)
    return out
