"""The array engine's adult step through compiled passes, for large populations.

Same draws, same order, same arithmetic as :meth:`sim.vector.arrays.ArrayMosquitoes.step_adults`
(numpy over the rules of :mod:`sim.vector.rules`), so switching between the two never changes
an output (tested byte for byte). The compiled passes (:mod:`sim.vector.kernels`, numba) take
about 30 ns per mosquito-day where numpy takes about 50 on the town, but loading numba costs a
process about 0.6 s and 125 MB once, so they are used only from :data:`MIN_ADULTS` adults on:
a day of 400,000 adults saves about 8 ms, and a run that reaches that many has many such days.

``VCSIM_KERNELS=always`` or ``never`` overrides the choice (``auto`` is the default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.environment import setting
from sim.vector import aquatic, rules
from sim.vector.hosts import BiteResult, HostView
from sim.vector.thermal import DailyTraits

if TYPE_CHECKING:
    from sim.vector.arrays import ArrayMosquitoes

__all__ = ["MIN_ADULTS", "keep", "rows_in_cells", "step_adults", "wanted"]

MIN_ADULTS = 400_000
"""Adults alive from which a day is stepped by the compiled passes (``auto``)."""

_F32 = np.float32


def wanted(n_adults: int) -> bool:
    """Whether today's adult step of ``n_adults`` adults uses the compiled passes."""
    choice = setting("VCSIM_KERNELS")
    return choice == "always" or (choice == "auto" and n_adults >= MIN_ADULTS)


def step_adults(m: ArrayMosquitoes, hosts: HostView, extra_kill_cell: np.ndarray | None,
                traits: DailyTraits) -> BiteResult:
    """One day of the adults of ``m``: survival and incubation, flight, eggs, biting."""
    from sim.vector import kernels

    rng = m.rng
    n = m.n_adults
    u = rng.random(n, dtype=_F32)
    use_extra = extra_kill_cell is not None
    p = traits.daily_survival
    survivors = kernels.survive(u, _F32(p), use_extra, extra_kill_cell if use_extra else np.zeros(0),
                                float(p), *m.columns(n))
    m.set_rows(survivors)
    rows = np.empty(survivors, np.int64)
    n_fed = kernels.fly(rng.random(survivors, dtype=_F32), m.cell, m.fed, m.moves.k, m.moves.cut,
                        m.moves.value, rows)
    _lay(m, rows[:n_fed], traits)
    p_bite = rules.bite_probability_per_mosquito(
        m.density(), hosts.cell_exposure, traits.bites_per_mosquito_per_day,
        m.p.max_bites_per_human_per_day,
    ).astype(_F32)
    biters = rows[: kernels.biters(rng.random(survivors, dtype=_F32), p_bite, m.cell, rows)]
    if biters.size == 0:
        no_one = np.zeros(0, np.int32)
        return BiteResult(no_one, no_one, 0)
    u_person, u_away, u_blocked = rng.random((3, biters.size))
    target = np.empty(biters.size, hosts.person_order.dtype)
    kernels.pick_hosts(u_person, u_away, m.cell[biters], float(hosts.p_bite_away), hosts.exposure_cum,
                       hosts.cell_start, hosts.cell_count, hosts.cell_exposure, hosts.person_order,
                       target)
    return m.infect(biters, target, u_blocked, hosts, traits)


def _lay(m: ArrayMosquitoes, fed_rows: np.ndarray, traits: DailyTraits) -> None:
    """Egg laying by the fed females (``ArrayMosquitoes._oviposit``, compiled)."""
    from sim.vector import kernels

    if fed_rows.size == 0:
        return
    p_lay = rules.laying_probability(True, traits.gonotrophic_cycle_days)
    u = m.rng.random(fed_rows.size, dtype=_F32)
    by_cell = m.sites_by_cell
    sites = np.empty(fed_rows.size, np.int32)
    n = kernels.lay(u, fed_rows, m.cell, m.fed, _F32(p_lay), float(p_lay), by_cell.uncounted_share,
                    by_cell.uncounted, by_cell.start, by_cell.count, by_cell.order, sites)
    aquatic.deposit_eggs(m.sites, m.p, m.rng, sites[:n], traits)


def keep(m: ArrayMosquitoes, alive: np.ndarray) -> None:
    """Keep the adults where ``alive`` is true, in order (``ArrayMosquitoes._keep``, compiled)."""
    from sim.vector import kernels

    m.set_rows(kernels.compact(alive, *m.columns(m.n_adults)))


def rows_in_cells(m: ArrayMosquitoes, reached: np.ndarray) -> np.ndarray:
    """Rows of the adults in the cells where ``reached`` is true, in order."""
    from sim.vector import kernels

    out = np.empty(m.n_adults, np.int64)
    return out[: kernels.rows_in_cells(reached, m.cell, out)]
