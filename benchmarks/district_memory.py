"""The district benchmark's part d (:mod:`benchmarks.district`): where the memory goes.

A child process builds the demo district and itemises its memory after the warm-up and
after some days (:func:`memory_report`): numpy arrays by owner (each array counted once,
by the array that owns its buffer), Mesa agents (counted, and measured per object with
tracemalloc), the lazy grid, against the resident set measured in the same process above
the interpreter's baseline. :func:`memory` runs that child and prints the table.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from benchmarks.district_measure import quiet_villages, run_child, table
from benchmarks.measure import peak_rss_mb, rss_now_mb

__all__ = ["memory", "memory_items", "memory_report"]

MB = 1024.0 * 1024.0


# --- in the child: what the district holds ------------------------------------------
def _root(a: np.ndarray) -> np.ndarray:
    """The array that owns ``a``'s buffer."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def _array_bytes(obj: Any, seen: set[int], skip: tuple[type, ...], depth: int = 0,
                 visited: set[int] | None = None) -> int:
    """Bytes of the numpy arrays reachable from ``obj`` (through attributes, dataclass fields,
    lists, tuples and dicts, never into ``skip`` types) not in ``seen`` yet (by owning array)."""
    visited = set() if visited is None else visited
    if isinstance(obj, np.ndarray):
        root = _root(obj)
        if id(root) in seen:
            return 0
        seen.add(id(root))
        return int(root.nbytes)
    if depth > 6 or id(obj) in visited or isinstance(obj, (*skip, str, bytes, int, float, bool, type)):
        return 0
    visited.add(id(obj))
    if isinstance(obj, dict):
        items: Iterable[Any] = obj.values()
    elif isinstance(obj, list | tuple | set | frozenset):
        items = obj
    elif hasattr(obj, "__dict__"):
        items = vars(obj).values()
    elif hasattr(obj, "__slots__"):
        items = [getattr(obj, s, None) for s in obj.__slots__]
    else:
        return 0
    return sum(_array_bytes(v, seen, skip, depth + 1, visited) for v in items)


def _list_bytes(values: list[Any]) -> int:
    """A list of Python ints: the list and the int objects (small ints are shared)."""
    return sys.getsizeof(values) + sum(sys.getsizeof(v) for v in values if not -5 <= v <= 256)


def _per_object_bytes(make: Callable[[], Any], undo: Callable[[list[Any]], None], n: int = 2000) -> float:
    """Bytes per object made by ``make``, traced by tracemalloc (its dict, attributes and its
    share of Mesa's registries included), the objects then removed by ``undo``."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    made = [make() for _ in range(n)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    undo(made)
    return (after - before - sys.getsizeof(made)) / n


def _shallow_bytes(obj: Any) -> int:
    """``sys.getsizeof`` of an object, its ``__dict__`` and the attribute values only it holds."""
    d = vars(obj)
    own = [v for v in d.values() if isinstance(v, tuple | slice | float) or (isinstance(v, int) and v > 256)]
    return sys.getsizeof(obj) + sys.getsizeof(d) + sum(sys.getsizeof(v) for v in own)


def memory_items(model: Any) -> dict[str, float]:
    """Bytes of each part of a built :class:`sim.district.model.DistrictModel`, over its villages."""
    from mesa.agent import Agent
    from mesa.model import Model

    from sim.humans import Population
    from sim.params.run_params import RunParams
    from sim.rng import RandomStreams
    from sim.sites import BreedingSites
    from sim.surveillance import Surveillance
    from sim.village import Village
    from sim.world import World

    skip = (Agent, Model, World, RunParams, RandomStreams, np.random.Generator, Village, Population,
            BreedingSites, Surveillance)
    items: dict[str, float] = {}

    def add(name: str, n: float) -> None:
        items[name] = items.get(name, 0.0) + n

    seen: set[int] = set()
    for m in model.villages:
        q = m.mosquitoes
        row = sum(np.dtype(dtype).itemsize for _, dtype, _ in q.COLUMNS)
        capacity = q._buf["cell"].size
        for name, _, _ in q.COLUMNS:
            seen.add(id(_root(q._buf[name])))
        add("mosquito columns: live adults", q.n_adults * row)
        add("mosquito columns: free rows of the live buffer", (capacity - q.n_adults) * row)
        add("mosquito tables (flight, sites by cell)", _array_bytes([q.moves, q.sites_by_cell], seen, skip))
        s = m.sites
        add("breeding sites: immature cohorts", _array_bytes(s.immatures, seen, skip))
        add("breeding sites: other arrays", _array_bytes(vars(s), seen, skip))
        add("village layout (houses, sites, cells)", _array_bytes(vars(m.village), seen, skip))
        add("population and protections (per person)", _array_bytes([vars(m.population), m.protections],
                                                                     seen, skip))
        sv = m.surveillance
        add("surveillance (per house arrays, case lists)", _array_bytes(vars(sv), seen, skip)
            + sum(_list_bytes(x) for x in (sv.case_person, sv.case_household, sv.case_day)))
        add("world: awareness, locks, weather, traits", _array_bytes(
            [m.awareness, m.hh_locked, m.world.weather, m.world.traits], seen, skip))
        add("campaign arrays", _array_bytes(m.campaign, seen, skip))
        add("daily recorder (days x columns)", _array_bytes(m.recorder, seen, skip))
    add("district (mobility, command, caps by day)",
        _array_bytes([model.mobility, model.command, model.place, model.caps_by_day, model.arrivals_by_day,
                      model.seeded], seen, skip))
    return items


def _agents(model: Any) -> dict[str, Any]:
    """The villages' Mesa agents (households and staff): counts, and bytes per object measured
    on the first village (tracemalloc), and a shallow sys.getsizeof estimate."""
    from mesa.agent import Agent

    from sim.campaign.staff import StaffMember
    from sim.household import Household

    m = model.villages[0]
    households = sum(len(v.households) for v in model.villages)
    staff = sum(len(v.campaign.workforce.members) for v in model.villages)
    member = m.campaign.workforce.members[0]
    grid_agents = m.world.grid._agents

    def undo(made: list[Any]) -> None:
        for agent in made:
            Agent.remove(agent)  # deregistered only: they were never put on a grid
        del grid_agents[len(grid_agents) - len(made):]

    def household() -> Household:
        h = Household(m, (0, 0), 0, 0, False, 0, 1)
        m.world.grid.register(h)
        return h

    def staff_member() -> StaffMember:
        s = StaffMember(m, (0, 0), member.role, member.params)
        m.world.grid.register(s)
        return s

    per_household = _per_object_bytes(household, undo)
    per_staff = _per_object_bytes(staff_member, undo)
    return {"households": households, "staff": staff, "per_household_bytes": per_household,
            "per_staff_bytes": per_staff, "shallow_household_bytes": _shallow_bytes(m.households[0]),
            "shallow_staff_bytes": _shallow_bytes(member),
            "bytes": households * per_household + staff * per_staff}


def _grid_cell_bytes(side: int = 30) -> float:
    """Bytes per cell of a built Mesa grid (an OrthogonalMooreGrid of ``side`` x ``side``, traced)."""
    import random
    import tracemalloc

    from sim.lazy_grid import LazyGrid

    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    grid = LazyGrid(side, side, random.Random(0))
    grid.get()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del grid
    return (after - before) / side**2


def memory_report(overrides: list[str], days: int) -> dict[str, Any]:
    """Itemised memory of a district after its build (warm-ups done) and after ``days`` days,
    with the resident set measured above the interpreter's baseline in this process."""
    from sim.cli.compose import compose_params
    from sim.district.model import DistrictModel

    params = compose_params([*overrides, f"days={max(days, 1)}"])
    quiet_villages()
    base = rss_now_mb()
    model = DistrictModel(params)
    snaps = {"built": {"items": memory_items(model), "rss_mb": rss_now_mb() - base}}
    for _ in range(days):
        model.step()
    snaps["days"] = {"items": memory_items(model), "rss_mb": rss_now_mb() - base}
    cells = sum(m.village.n_cells for m in model.villages)
    built = sum(m.world.grid.built for m in model.villages)
    agents = _agents(model)
    return {"overrides": overrides, "days": days, "villages": len(model.villages),
            "residents": sum(m.population.n for m in model.villages),
            "adults": sum(m.mosquitoes.n_adults for m in model.villages),
            "adult_capacity": sum(m.mosquitoes._buf["cell"].size for m in model.villages),
            "sites": sum(m.sites.n for m in model.villages), "cells": cells, "grids_built": built,
            "grid_cell_bytes": _grid_cell_bytes(), "agents": agents, "snapshots": snaps,
            "base_rss_mb": base, "peak_mb": peak_rss_mb()}


# --- in the parent: the report ------------------------------------------------------
def memory(quick: bool) -> dict[str, Any]:
    """(d) Where the memory of the built demo district goes."""
    days = 5 if quick else 30
    res = run_child(f"(d) itemised memory of district=demo after the build and after {days} days",
                    {"kind": "memory", "overrides": ["district=demo", "strategy=shunde_2025"], "days": days})
    people = res["residents"]
    built, later = res["snapshots"]["built"], res["snapshots"]["days"]
    ag = res["agents"]
    rows = []
    totals = [0.0, 0.0]
    for name in later["items"]:
        b, d = built["items"].get(name, 0.0), later["items"][name]
        totals[0] += b
        totals[1] += d
        rows.append([name, f"{b / MB:.1f}", f"{d / MB:.1f}", f"{d / people:.0f}"])
    agent_bytes = ag["bytes"]
    rows.append([f"Mesa agents: {ag['households']:,} households x {ag['per_household_bytes']:.0f} B + "
                 f"{ag['staff']:,} staff x {ag['per_staff_bytes']:.0f} B",
                 f"{agent_bytes / MB:.1f}", f"{agent_bytes / MB:.1f}", f"{agent_bytes / people:.0f}"])
    totals = [t + agent_bytes for t in totals]
    would = res["cells"] * res["grid_cell_bytes"]
    rows.append([f"lazy Mesa grid: built in {res['grids_built']} of {res['villages']} villages (would be "
                 f"{res['cells']:,} cells x {res['grid_cell_bytes']:.0f} B = {would / MB:.1f} MB)",
                 "0.0", "0.0", "0"] if res["grids_built"] == 0 else
                [f"lazy Mesa grid: built in {res['grids_built']} of {res['villages']} villages",
                 "(see RSS)", "(see RSS)", "-"])
    rows.append(["itemised total", f"{totals[0] / MB:.1f}", f"{totals[1] / MB:.1f}",
                 f"{totals[1] / people:.0f}"])
    rss = [built["rss_mb"], later["rss_mb"]]
    rows.append(["measured RSS above the interpreter's baseline", f"{rss[0]:.1f}", f"{rss[1]:.1f}",
                 f"{rss[1] * MB / people:.0f}"])
    rows.append(["not itemised (Python objects, allocator, freed pages kept)",
                 f"{rss[0] - totals[0] / MB:.1f}", f"{rss[1] - totals[1] / MB:.1f}",
                 f"{(rss[1] * MB - totals[1]) / people:.0f}"])
    table(f"d. Where the memory goes: district=demo ({res['villages']} villages, {people:,} residents, "
          f"{res['sites']:,} breeding sites, {res['adults']:,} adult mosquitoes after {days} days in "
          f"buffers of {res['adult_capacity']:,} rows), built in this process",
          ["item", "after build MB", f"after {days} d MB", "bytes/resident"], rows)
    print(f"interpreter baseline (imports and composition, before any village): {res['base_rss_mb']:.0f} MB; "
          f"peak of the process {res['peak_mb']:.0f} MB")
    print(f"Mesa agents per object (tracemalloc, with Mesa's registries): household "
          f"{ag['per_household_bytes']:.0f} B, staff member {ag['per_staff_bytes']:.0f} B; sys.getsizeof of "
          f"the object and its __dict__: {ag['shallow_household_bytes']} B and {ag['shallow_staff_bytes']} B")
    return res
