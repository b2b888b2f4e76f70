"""Array engine: every adult female is a row of numpy arrays; no per-mosquito Python loop."""

from __future__ import annotations

import numpy as np

from sim.params.disease import DiseaseParams
from sim.params.vector import VectorParams
from sim.sites import BreedingSites
from sim.vector import rules
from sim.vector.hosts import BiteResult, HostView
from sim.village import Village

__all__ = ["ArrayMosquitoes", "MosquitoState"]


class MosquitoState:
    """Infection states of adult mosquitoes."""

    SUSCEPTIBLE = 0
    EXPOSED = 1
    INFECTIOUS = 2


class ArrayMosquitoes:
    """Adult female mosquitoes as a structure of arrays, plus the aquatic stages.

    Columns: ``cell`` (flat cell index), ``age`` (days), ``state``
    (:class:`MosquitoState`), ``eip_left`` (days until infectious), ``source``
    (the person whose virus the mosquito carries, -1 if none).
    """

    def __init__(
        self,
        vector: VectorParams,
        disease: DiseaseParams,
        village: Village,
        sites: BreedingSites,
        rng: np.random.Generator,
        attraction_cells: np.ndarray,
    ) -> None:
        self.p = vector
        self.d = disease
        self.village = village
        self.sites = sites
        self.rng = rng
        self.n_cells = village.n_cells
        self.neighbours = rules.neighbour_table(village.width, village.height)
        weights = 1.0 + vector.host_attraction * attraction_cells[self.neighbours]
        self.move_cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
        self.move_cum[:, -1] = 1.0
        self.cell = np.zeros(0, np.int32)
        self.age = np.zeros(0, np.int16)
        self.state = np.zeros(0, np.int8)
        self.eip_left = np.zeros(0, np.int16)
        self.source = np.zeros(0, np.int32)

    # --- bookkeeping ------------------------------------------------------
    @property
    def n_adults(self) -> int:
        """Adult females alive."""
        return int(self.cell.size)

    def n_infectious(self) -> int:
        """Adult females able to transmit."""
        return int(np.count_nonzero(self.state == MosquitoState.INFECTIOUS))

    def density(self) -> np.ndarray:
        """Adult females per flat cell."""
        return np.bincount(self.cell, minlength=self.n_cells)

    def add_adults(self, cells: np.ndarray) -> None:
        """Append newly emerged (or released) susceptible females at ``cells``."""
        n = cells.size
        if n == 0:
            return
        self.cell = np.concatenate([self.cell, cells.astype(np.int32)])
        self.age = np.concatenate([self.age, np.zeros(n, np.int16)])
        self.state = np.concatenate([self.state, np.zeros(n, np.int8)])
        self.eip_left = np.concatenate([self.eip_left, np.zeros(n, np.int16)])
        self.source = np.concatenate([self.source, np.full(n, -1, np.int32)])

    def _keep(self, mask: np.ndarray) -> None:
        self.cell = self.cell[mask]
        self.age = self.age[mask]
        self.state = self.state[mask]
        self.eip_left = self.eip_left[mask]
        self.source = self.source[mask]

    def kill_in_cells(self, kill_fraction_cell: np.ndarray) -> int:
        """Knock down adults now with a per-cell kill probability; returns the number killed."""
        if self.cell.size == 0:
            return 0
        dead = self.rng.random(self.cell.size) < kill_fraction_cell[self.cell]
        self._keep(~dead)
        return int(dead.sum())

    # --- daily processes ----------------------------------------------------
    def step_aquatic(self, day: int) -> int:
        """Develop immatures with density-dependent mortality; emerge adults. Returns emerged."""
        s = self.sites
        larvae = s.immatures.sum(axis=1)
        p_surv = rules.larval_survival_probability(
            larvae, s.capacity, self.p.larval_base_mortality_per_day, self.p.larval_density_alpha
        )
        p_surv = np.where(s.wet & ~s.is_treated(day), p_surv, 0.0)
        s.immatures, emerged = rules.step_immature_cohorts(self.rng, s.immatures, p_surv)
        total = int(emerged.sum())
        if total:
            self.add_adults(np.repeat(s.cell, emerged))
        return total

    def step_adults(self, day: int, hosts: HostView, extra_kill_cell: np.ndarray | None) -> BiteResult:
        """Survival, ageing, EIP, dispersal, biting with infection both ways, oviposition."""
        rng = self.rng
        extra = None if extra_kill_cell is None else extra_kill_cell[self.cell]
        self._keep(rules.daily_survival_mask(rng, self.cell.size, self.p.daily_survival, extra))
        self.age += 1
        exposed = self.state == MosquitoState.EXPOSED
        self.eip_left[exposed] -= 1
        self.state[exposed & (self.eip_left <= 0)] = MosquitoState.INFECTIOUS

        moving = np.flatnonzero(rng.random(self.cell.size) < self.p.p_move_per_day)
        if moving.size:
            from_cell = self.cell[moving]
            pick = rules.move_choice(rng.random(moving.size), self.move_cum[from_cell])
            self.cell[moving] = self.neighbours[from_cell, pick]

        result = self._bite(hosts)
        self._oviposit()
        return result

    def _bite(self, hosts: HostView) -> BiteResult:
        rng = self.rng
        v_cell = np.bincount(self.cell, minlength=self.n_cells)
        p_bite = rules.bite_probability_per_mosquito(
            v_cell, hosts.cell_count, self.p.bites_per_mosquito_per_day,
            self.p.max_bites_per_human_per_day,
        )
        biters = np.flatnonzero(rng.random(self.cell.size) < p_bite[self.cell])
        empty = BiteResult(np.zeros(0, np.int32), np.zeros(0, np.int32), 0)
        if biters.size == 0:
            return empty
        c = self.cell[biters]
        offset = (rng.random(biters.size) * hosts.cell_count[c]).astype(np.int64)
        target = hosts.person_order[hosts.cell_start[c] + offset]
        if hosts.p_bite_away > 0:
            away = np.flatnonzero(rng.random(target.size) < hosts.p_bite_away)
            target[away] = rng.integers(0, hosts.infectious.size, away.size)
        fed = rng.random(biters.size) >= hosts.p_bite_blocked[target]
        biters, target = biters[fed], target[fed]
        # human -> mosquito
        m_state = self.state[biters]
        can_catch = (m_state == MosquitoState.SUSCEPTIBLE) & hosts.infectious[target]
        idx = np.flatnonzero(can_catch)
        if idx.size:
            p = self.d.p_human_to_mosquito * hosts.transmit_factor[target[idx]]
            caught = idx[rng.random(idx.size) < p]
            who = biters[caught]
            self.state[who] = MosquitoState.EXPOSED
            self.eip_left[who] = rules.draw_eip_days(rng, who.size, self.d.eip_days)
            self.source[who] = target[caught]
        # mosquito -> human
        can_give = (m_state == MosquitoState.INFECTIOUS) & hosts.susceptible[target]
        idx = np.flatnonzero(can_give)
        if idx.size == 0:
            return BiteResult(empty.infected_people, empty.sources, int(biters.size))
        hit = idx[rng.random(idx.size) < self.d.p_mosquito_to_human]
        people, first = np.unique(target[hit], return_index=True)
        return BiteResult(people.astype(np.int32), self.source[biters[hit[first]]], int(biters.size))

    def _oviposit(self) -> None:
        rng = self.rng
        s = self.sites
        laying = np.flatnonzero(rules.oviposition_mask(rng, self.cell.size,
                                                       self.p.gonotrophic_cycle_days))
        if laying.size == 0:
            return
        c = self.cell[laying]
        count = s.cell_count[c]
        has_site = count > 0
        c, count = c[has_site], count[has_site]
        offset = (rng.random(c.size) * count).astype(np.int64)
        site = s.by_cell_order[s.cell_start[c] + offset]
        eggs = rules.lay_eggs(rng, site.size, self.p.eggs_per_batch, self.p.female_fraction)
        into_water = s.wet[site]
        s.immatures[:, 0] += np.bincount(site[into_water], weights=eggs[into_water],
                                         minlength=s.n).astype(np.int64)
