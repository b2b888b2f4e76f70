"""How big a run will be, from its parameters alone: mosquitoes, Mesa agents, memory, time.

Every field has a range, but in-range values can still multiply into a run no
machine can hold (a 500-house hamlet with ``vector.capacity_scale=1000`` and 50
containers a house; 10,000 adults released per site on the agent engine). Before
anything is allocated, :func:`estimate_run` predicts the run's size from the
parameters and :func:`check_size` refuses a run that would not fit in this
machine's memory or would take longer than :data:`MAX_RUN_HOURS`, naming the key
whose value makes it so. The planner and sweeps multiply the per-run time by
their number of runs and ask for ``--yes``.

The costs below were measured on a 2-core machine (numpy engine, Mesa 3.3):

- adults at equilibrium: about 3.3% of the total larval capacity (0.032 on the
  default and small villages; density dependence makes it less at very high
  capacity, so this is an upper bound there);
- numpy engine: about 80 bytes per adult (town: 317 MB for 2.4 million adults;
  80,000 households: 560 MB for 5.8 million) and, with the people, 30 ns per estimated
  adult mosquito-day plus 0.5 us per resident-day, fitted to whole runs of 180 days
  (plus the warm-up) on an idle machine: small, default and town villages took 1.0,
  2.5-3.3 and 17-19 s, estimated 0.9, 2.6 and 25 s (before: 100 ns and 2 us, which
  made every estimate about three times too long);
- agent engine: about 0.7 KB and 26 us per adult (a Mesa agent each);
- about 2 KB per household and 1 KB per staff member (Mesa agents) and 100 bytes
  per resident; 60 MB for the interpreter and libraries.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from sim.errors import ConfigError
from sim.params.run_params import RunParams

__all__ = ["MAX_ADULTS_PER_RESIDENT", "MAX_RUN_HOURS", "RunEstimate", "available_memory_bytes", "check_size",
           "duration", "estimate_run"]

#: A single run estimated to take longer than this is refused (a sweep multiplies it).
MAX_RUN_HOURS = 4.0
#: Adult females per resident above which a density is nonsense: the fitted default is about
#: 45 (README, calibration), and no field estimate near 1,000 was found.
MAX_ADULTS_PER_RESIDENT = 1000.0
_ADULTS_PER_CAPACITY = 0.033
_BYTES = {"arrays": 80.0, "agents": 700.0}
_SECONDS = {"arrays": 30e-9, "agents": 26e-6}
_BASE_BYTES = 60e6
_HOUSEHOLD_BYTES, _STAFF_BYTES, _PERSON_BYTES = 2_000.0, 1_000.0, 100.0
_PERSON_SECONDS = 0.5e-6  # per resident-day: infection, visits, recording
_STAFF_SECONDS = 9e-6  # per staff-day: rostering and team forming (128,000 cadres: 1.1 s a day)


@dataclass(frozen=True)
class RunEstimate:
    """Predicted size of one run (upper-bound estimates, see the module docstring)."""

    households: float
    residents: float
    breeding_sites: float
    adults: float
    mesa_agents: float
    memory_bytes: float
    seconds: float

    def describe(self) -> str:
        """``about 5.4 million adult mosquitoes, 1.1 million Mesa agents, 4.2 GB and 2 h 10 min``."""
        return (f"about {_count(self.adults)} adult mosquitoes, {_count(self.mesa_agents)} Mesa agents, "
                f"{self.memory_bytes / 1e9:.1f} GB and {duration(self.seconds)}")


def _count(x: float) -> str:
    if x >= 1e6:
        return f"{x / 1e6:.1f} million"
    return f"{x:,.0f}"


def duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3 h 05 min``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes:02d} min"


def estimate_run(p: RunParams) -> RunEstimate:
    """Predict a run's size from its parameters (nothing is built)."""
    v = p.village
    if p.district.enabled:
        households = p.district.residents * p.district.scale / max(v.mean_residents, 1.0)
        groups = max(p.district.villages, 1) * v.groups_x * v.groups_y
        villages = max(p.district.villages, 1)
    else:
        households, groups, villages = float(v.households), v.groups_x * v.groups_y, 1
    residents = households * (1 - v.idle_fraction) * v.mean_residents
    house_sites = [(households * t.mean_per_household, t.capacity_larvae) for t in v.site_types.values()]
    public = [(groups * s.per_group, s.capacity_larvae) for s in v.public_sites.values()]
    building = [(villages * v.construction_sites * v.sites_per_construction_site,
                 v.construction_capacity_larvae)]
    # Uncounted habitat: one patch in each cell with houses (at most one per house).
    cells = min(households, villages * v.width_cells * v.height_cells)
    uncounted = [(cells if v.uncounted_habitat else 0.0, v.uncounted_capacity_larvae)]
    every = (*house_sites, *public, *building, *uncounted)
    sites = sum(n for n, _ in every)
    capacity = sum(n * c for n, c in every) * p.vector.capacity_scale
    released = sites * p.vector.initial_adults_per_site
    adults = max(_ADULTS_PER_CAPACITY * capacity, released)
    engine = p.vector.engine
    staff = sum(p.staffing.pool.values()) * villages
    agents = households + staff + (adults if engine == "agents" else 0.0)
    memory = (_BASE_BYTES + adults * _BYTES[engine] + households * _HOUSEHOLD_BYTES
              + staff * _STAFF_BYTES + residents * _PERSON_BYTES)
    days = p.days + p.vector.warmup_days
    seconds = (days * (adults * _SECONDS[engine] + residents * _PERSON_SECONDS)
               + p.days * staff * _STAFF_SECONDS)
    return RunEstimate(households, residents, sites, adults, agents, memory, seconds)


def available_memory_bytes() -> float:
    """Memory this machine can give a run: ``MemAvailable`` (Linux), else physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


#: Keys that scale a run, tried in turn at their declared default to name the one that matters.
_DRIVERS: tuple[tuple[str, str], ...] = (
    ("village", "households"), ("vector", "capacity_scale"), ("vector", "initial_adults_per_site"),
    ("vector", "engine"), ("district", "scale"), ("", "days"),
)


def _at_default(p: RunParams, section: str, name: str) -> RunParams:
    """``p`` with one field back at its declared default."""
    owner: Any = getattr(p, section) if section else p
    field = next(f for f in dataclasses.fields(owner) if f.name == name)
    default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
    if default is dataclasses.MISSING or not dataclasses.is_dataclass(owner):
        return p
    if not section:
        return dataclasses.replace(p, **{name: default})
    return dataclasses.replace(p, **{section: dataclasses.replace(owner, **{name: default})})


def check_size(p: RunParams, memory_limit: float | None = None,
               hours_limit: float = MAX_RUN_HOURS) -> RunEstimate:
    """Refuse a run that would not fit in memory or would run longer than ``hours_limit``.

    Raises:
        ConfigError: naming the key whose value, back at its default, shrinks the run the
            most, with the estimate and the limit.
    """
    est = estimate_run(p)
    limit = 0.8 * available_memory_bytes() if memory_limit is None else memory_limit
    dense = est.residents > 0 and est.adults / est.residents > MAX_ADULTS_PER_RESIDENT
    if est.memory_bytes <= limit and est.seconds <= hours_limit * 3600 and not dense:
        return est
    best = est.memory_bytes + est.seconds * 1e6
    # No key back at its default helps (a preset's own containers, staff): name the largest part.
    if sum(p.staffing.pool.values()) * _STAFF_BYTES > est.adults * _BYTES[p.vector.engine]:
        key, value = "staffing.pool", "{...}"
    else:
        key, value = "village.site_types", "{...}"
    for section, name in _DRIVERS:
        try:
            smaller = estimate_run(_at_default(p, section, name))
        except (ConfigError, ValueError, TypeError):
            continue
        score = smaller.memory_bytes + smaller.seconds * 1e6
        if score < best:
            owner = getattr(p, section) if section else p
            best, key, value = score, f"{section}.{name}" if section else name, getattr(owner, name)
    if dense:
        raise ConfigError(key, value, f"about {est.adults / est.residents:,.0f} adult mosquitoes per "
                                      f"resident, more than any plausible density (at most "
                                      f"{MAX_ADULTS_PER_RESIDENT:,.0f}; the fitted default is about 45)")
    raise ConfigError(key, value, f"{est.describe()} for {p.days + p.vector.warmup_days} days "
                                  f"(warm-up included): more than this machine allows "
                                  f"({limit / 1e9:.1f} GB, {hours_limit:g} h a run; "
                                  "VCSIM_SIZE_GUARD=off starts it anyway)")
