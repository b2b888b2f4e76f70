"""The benchmark's measurements, each run in its own child process (``benchmarks.bench``).

All times are CPU seconds of this process (``time.process_time``) unless named
``wall``; memory is the child's peak resident set (:func:`peak_rss_mb`), with the
interpreter's own (after imports, before any model) given as ``base_mb`` so
memory per mosquito or per person can be worked out from the rest.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

__all__ = ["engine_cost", "peak_rss_mb", "rss_now_mb", "scaled_village", "whole_run"]


def peak_rss_mb() -> float:
    """This process's peak resident set (MB) since it started its program.

    Linux's ``VmHWM`` (the high-water mark of this program's memory) when there is one:
    ``ru_maxrss`` keeps the parent's figure across fork and exec, so a child started by a
    large process (a test worker) would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_now_mb() -> float:
    """This process's resident set now (MB; Linux ``VmRSS``), else the peak so far."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return peak_rss_mb()


def engine_cost(overrides: list[str], engine: str, days: int) -> dict[str, Any]:
    """CPU ns per mosquito-day of the adult step (where the engines differ) and with the
    aquatic stages (shared code), from the warm-up's equilibrium.

    The state is made by the array engine's warm-up and copied into a model with
    ``engine`` (same village, immatures, wet sites and adult cells), so both engines are
    timed on the same state at the presets' density.
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
    mosquito_days, aquatic, adults = 0, 0.0, 0.0
    for day in range(days):
        start = time.process_time()
        traits = model.world.traits_on(day)
        m.step_aquatic(day, traits)
        middle = time.process_time()
        n = m.n_adults
        m.step_adults(day, hosts, None, traits)
        end = time.process_time()
        mosquito_days, aquatic, adults = mosquito_days + n, aquatic + middle - start, adults + end - middle
    per = 1e9 / max(mosquito_days, 1)
    return {"engine": engine, "adults": m.n_adults, "days": days, "mosquito_days": mosquito_days,
            "adult_ns": per * adults, "with_aquatic_ns": per * (aquatic + adults),
            "max_rss_mb": peak_rss_mb()}


def whole_run(overrides: list[str]) -> dict[str, Any]:
    """One run as ``python -m sim.run`` would do it, timed by part: composing the
    configuration, building the model, the mosquito warm-up, and each step phase."""
    from sim.cli.compose import compose_params
    from sim.model import PHASES, CampaignModel
    from sim.simulate import simulate

    base_mb = peak_rss_mb()
    cpu0 = time.process_time()
    params = compose_params(overrides)
    cpu1 = time.process_time()
    wall0 = time.perf_counter()
    model = CampaignModel(params)
    parts = {"compose": cpu1 - cpu0, "build_and_warmup": time.process_time() - cpu1}
    for name in PHASES:
        parts[name] = 0.0
        method = getattr(model, f"_step_{name}")

        def timed(method: Any = method, name: str = name) -> None:
            t = time.process_time()
            method()
            parts[name] += time.process_time() - t

        setattr(model, f"_step_{name}", timed)
    result = simulate(params, model=model)
    ts = result.timeseries
    sim_cpu = time.process_time() - cpu1
    mosquito_days = float(ts["adult_mosquitoes"].sum())
    return {"overrides": overrides, "strategy": params.strategy.name, "days": params.days,
            "wall_s": time.perf_counter() - wall0, "sim_cpu_s": sim_cpu, "parts_cpu_s": parts,
            "households": model.village.n_households, "people": model.population.n,
            "mean_adults": float(ts["adult_mosquitoes"].mean()),
            "max_adults": float(ts["adult_mosquitoes"].max()), "mosquito_days": mosquito_days,
            # the whole run (build, warm-up, every day) per mosquito-day simulated after the warm-up
            "ns_per_mosquito_day": 1e9 * sim_cpu / max(mosquito_days, 1.0),
            "total_infections": result.summary["total_infections"],
            "base_mb": base_mb, "max_rss_mb": peak_rss_mb()}


def scaled_village(households: int) -> list[str]:
    """Overrides for a village like the default one with ``households`` houses (same densities):
    the district's rule, :func:`sim.district.place.resized_village`."""
    from sim.cli.compose import compose_params
    from sim.district.place import resized_village

    v = resized_village(compose_params([]).village, households)
    keys = ("households", "width_cells", "height_cells", "groups_x", "groups_y", "settlements",
            "construction_sites")
    return [f"village.{k}={getattr(v, k)}" for k in keys]
