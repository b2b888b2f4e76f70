"""Array engine: every adult female is a row of numpy arrays; no per-mosquito Python loop.

Performance notes (measured with ``python -m sim.bench``): the daily cost is
dominated by the uniform draws (one float32 per mosquito for each of survival,
flight, biting and egg laying) and by compacting the columns after deaths.
Hence float32 draws and per-cell tables, an alias table for the flight
direction (three gathers instead of comparing eight cumulative weights),
one Poisson draw per site for eggs instead of one per batch, and narrow
integer columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.params.disease import DiseaseParams
from sim.params.vector import VectorParams
from sim.sites import BreedingSites
from sim.vector import aquatic, compiled, rules, tables
from sim.vector.engine import MosquitoState
from sim.vector.hosts import BiteResult, HostView
from sim.vector.thermal import DailyTraits
from sim.village import Setting, Village

__all__ = ["ArrayMosquitoes"]

_F32 = np.float32


class ArrayMosquitoes:
    """Adult female mosquitoes as a structure of arrays, plus the aquatic stages.

    Columns: ``cell`` (flat cell index), ``state``
    (:class:`MosquitoState`), ``eip_left`` (days until infectious), ``source``
    (the person whose virus the mosquito carries, -1 if none), ``fed`` (1 after
    a blood meal, until she lays). Each column is
    a view of the first ``n_adults`` rows of a preallocated buffer: emergence
    writes into free rows (the buffer grows by :attr:`GROWTH` when full), deaths
    compact the live rows in place, so no day re-allocates the columns and the
    storage is about ``GROWTH`` times the live rows at most (a second buffer to
    compact into doubled it: 961 bytes a resident in a district).
    """

    GROWTH = 1.25
    """Capacity made when the rows run out, as a multiple of the rows needed."""

    COLUMNS: tuple[tuple[str, type, int], ...] = (
        ("cell", np.int32, 0),
        ("state", np.int8, MosquitoState.SUSCEPTIBLE),
        ("eip_left", np.int16, 0),
        ("source", np.int32, -1),
        ("fed", np.int8, 0),
    )

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
        self.moves = tables.move_table(village.width, village.height, attraction_cells,
                                       vector.host_attraction, vector.p_move_per_day)
        self.sites_by_cell = tables.sites_by_cell(sites.cell, village.n_cells,
                                                  sites.setting == Setting.UNCOUNTED,
                                                  village.uncounted_egg_share)
        self._n = 0
        self._buf: dict[str, np.ndarray] = {}
        self._reserve(1024)

    # --- storage ------------------------------------------------------------
    def _reserve(self, capacity: int) -> None:
        """Make room for ``capacity`` rows (keeps the live rows)."""
        for name, dtype, _ in self.COLUMNS:
            grown = np.empty(capacity, dtype)
            old = self._buf.get(name)
            if old is not None:
                grown[: self._n] = old[: self._n]
            self._buf[name] = grown

    def _room(self, rows: int) -> int:
        return max(int(self.GROWTH * rows), 1024)

    def live_columns(self) -> dict[str, np.ndarray]:
        """A copy of every column's live rows (the adults' whole state)."""
        return {name: self._buf[name][: self._n].copy() for name, _, _ in self.COLUMNS}

    def load_columns(self, columns: dict[str, np.ndarray]) -> None:
        """Replace every adult by the rows of :meth:`live_columns` (copied in)."""
        n = int(columns["cell"].size)
        self._n = 0
        self._reserve(self._room(n))
        for name, _, _ in self.COLUMNS:
            self._buf[name][:n] = columns[name]
        self._n = n

    @property
    def cell(self) -> np.ndarray:
        """Flat cell of each adult (a view; write in place)."""
        return self._buf["cell"][: self._n]

    @property
    def state(self) -> np.ndarray:
        """:class:`MosquitoState` of each adult."""
        return self._buf["state"][: self._n]

    @property
    def eip_left(self) -> np.ndarray:
        """Days of extrinsic incubation left (exposed adults)."""
        return self._buf["eip_left"][: self._n]

    @property
    def source(self) -> np.ndarray:
        """Person whose virus each adult carries (-1 if none)."""
        return self._buf["source"][: self._n]

    @property
    def fed(self) -> np.ndarray:
        """1 for females carrying a blood meal (eggs maturing), else 0."""
        return self._buf["fed"][: self._n]

    # --- bookkeeping ------------------------------------------------------
    @property
    def n_adults(self) -> int:
        """Adult females alive."""
        return self._n

    def n_infectious(self) -> int:
        """Adult females able to transmit."""
        return int(np.count_nonzero(self.state == MosquitoState.INFECTIOUS))

    def density(self) -> np.ndarray:
        """Adult females per flat cell."""
        return np.bincount(self.cell, minlength=self.n_cells)

    def add_adults(self, cells: np.ndarray) -> None:
        """Append newly emerged (or released) susceptible females at ``cells``."""
        k = cells.size
        if k == 0:
            return
        n = self._n
        if n + k > self._buf["cell"].size:
            self._reserve(self._room(n + k))
        for name, _, fill in self.COLUMNS:
            self._buf[name][n : n + k] = cells if name == "cell" else fill
        self._n = n + k

    def _keep(self, mask: np.ndarray) -> None:
        """Keep the rows where ``mask`` is true (in order)."""
        if compiled.wanted(self._n):
            compiled.keep(self, mask)
            return
        rows = np.flatnonzero(mask)
        m = rows.size
        for column in self.columns(self._n):
            column[:m] = column[rows]  # the gather is a copy, so writing over the rows is safe
        self.set_rows(m)

    def columns(self, n: int) -> tuple[np.ndarray, ...]:
        """The first ``n`` rows of every column, in :attr:`COLUMNS` order (views)."""
        return tuple(self._buf[name][:n] for name, _, _ in self.COLUMNS)

    def set_rows(self, n: int) -> None:
        """Make the first ``n`` rows, just compacted in place, the live adults."""
        self._n = n

    def kill_in_cells(self, kills: Sequence[tuple[np.ndarray, np.random.Generator]]) -> int:
        """Knock down adults now; returns the number killed.

        Each ``(kill_fraction_cell, rng)`` is one mechanism (knockdown, spraying): a per-cell
        kill probability and the mechanism's own stream, so the mosquitoes' stream is not
        shifted by the campaign. Every mechanism draws over the adults alive before today's
        kills, only in the cells it reaches; an adult dies if any kills her (independent
        kills compose as ``1 - (1 - a)(1 - b)``), and the survivors are compacted once.
        """
        dead = [self._killed_by(kill, rng) for kill, rng in kills]
        if not any(d.size for d in dead):
            return 0
        alive = np.ones(self._n, dtype=bool)
        for d in dead:
            alive[d] = False
        killed = self._n - int(alive.sum())
        self._keep(alive)
        return killed

    def expose(self, n: int, rng: np.random.Generator, eip_mean_days: float, source: int) -> int:
        """See :meth:`sim.vector.engine.MosquitoEngine.expose`."""
        if n <= 0 or self._n == 0:
            return 0
        bitten = rng.choice(self._n, size=min(n, self._n), replace=False)
        caught = bitten[self.state[bitten] == MosquitoState.SUSCEPTIBLE]
        self.state[caught] = MosquitoState.EXPOSED
        self.eip_left[caught] = rules.eip_days(rng.random(caught.size), eip_mean_days)
        self.source[caught] = source
        return int(caught.size)

    def _killed_by(self, kill_fraction_cell: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if self._n == 0:
            return np.zeros(0, np.int64)
        reached = kill_fraction_cell > 0  # a gather of one byte per adult, not eight
        at_risk = (compiled.rows_in_cells(self, reached) if compiled.wanted(self._n)
                   else np.flatnonzero(reached.take(self.cell)))
        p = kill_fraction_cell.take(self.cell[at_risk])
        return at_risk[rules.occurs(rng.random(at_risk.size, dtype=_F32), p)]

    # --- daily processes ----------------------------------------------------
    def step_aquatic(self, day: int, traits: DailyTraits) -> int:
        """Develop immatures with density-dependent mortality; emerge adults. Returns emerged."""
        emerged = aquatic.develop_immatures(self.sites, self.p, self.rng, day, traits)
        self.add_adults(np.repeat(self.sites.cell, emerged))
        return int(emerged.sum())

    def step_adults(self, day: int, hosts: HostView, extra_kill_cell: np.ndarray | None,
                    traits: DailyTraits) -> BiteResult:
        """Survival, EIP, dispersal, oviposition by fed females, then biting (no rule reads age:
        daily survival does not depend on it, so no age column is kept).

        From :data:`sim.vector.compiled.MIN_ADULTS` adults on, the compiled passes of
        :mod:`sim.vector.compiled` do the same with the same draws (byte-identical).
        """
        if compiled.wanted(self._n):
            return compiled.step_adults(self, hosts, extra_kill_cell, traits)
        rng = self.rng
        extra = None if extra_kill_cell is None else extra_kill_cell[self.cell]
        p_survive = rules.survival_probability(traits.daily_survival, extra)
        self._keep(rules.occurs(rng.random(self._n, dtype=_F32), p_survive))
        state, eip_left = self.state, self.eip_left
        exposed = np.flatnonzero(state == MosquitoState.EXPOSED)
        if exposed.size:
            eip_left[exposed], done = rules.advance_eip(eip_left[exposed])
            state[exposed[done]] = MosquitoState.INFECTIOUS
        self.cell[:] = rules.dispersal(rng.random(self._n, dtype=_F32), self.cell, self.moves)
        self._oviposit(traits)
        return self._bite(hosts, traits)

    def _bite(self, hosts: HostView, traits: DailyTraits) -> BiteResult:
        rng = self.rng
        p_bite = rules.bite_probability_per_mosquito(
            self.density(), hosts.cell_exposure, traits.bites_per_mosquito_per_day,
            self.p.max_bites_per_human_per_day,
        ).astype(_F32)
        u = rng.random(self.cell.size, dtype=_F32)
        biters = np.flatnonzero(rules.occurs(u, p_bite.take(self.cell)))
        no_one = np.zeros(0, np.int32)
        if biters.size == 0:
            return BiteResult(no_one, no_one, 0)
        u_person, u_away, u_blocked = rng.random((3, biters.size))
        target = rules.choose_host(u_person, u_away, self.cell[biters], hosts)
        return self.infect(biters, target, u_blocked, hosts, traits)

    def infect(self, biters: np.ndarray, target: np.ndarray, u_blocked: np.ndarray, hosts: HostView,
               traits: DailyTraits) -> BiteResult:
        """The bites of ``biters`` on the people ``target`` (unless blocked by draw
        ``u_blocked``): blood meals, then infection both ways."""
        rng = self.rng
        d = self.d
        no_one = np.zeros(0, np.int32)
        fed = rules.bite_lands(u_blocked, hosts.p_bite_blocked[target])
        biters, target = biters[fed], target[fed]
        self.fed[biters] = 1
        m_state = self.state[biters]
        # human -> mosquito
        idx = np.flatnonzero((m_state == MosquitoState.SUSCEPTIBLE) & hosts.infectious[target])
        if idx.size:
            caught = idx[rules.mosquito_catches_virus(rng.random(idx.size), d.p_human_to_mosquito,
                                                      hosts.transmit_factor[target[idx]])]
            who = biters[caught]
            self.state[who] = MosquitoState.EXPOSED
            self.eip_left[who] = rules.eip_days(rng.random(who.size), traits.eip_days)
            self.source[who] = target[caught]
        # mosquito -> human
        idx = np.flatnonzero((m_state == MosquitoState.INFECTIOUS) & hosts.susceptible[target])
        if idx.size == 0:
            return BiteResult(no_one, no_one, int(biters.size))
        hit = idx[rules.human_catches_virus(rng.random(idx.size), d.p_mosquito_to_human)]
        people, first = np.unique(target[hit], return_index=True)
        return BiteResult(people.astype(np.int32), self.source[biters[hit[first]]], int(biters.size))

    def _oviposit(self, traits: DailyTraits) -> None:
        fed = np.flatnonzero(self.fed)
        if fed.size == 0:
            return
        p_lay = rules.laying_probability(True, traits.gonotrophic_cycle_days)
        u = self.rng.random(fed.size, dtype=_F32)
        site = rules.oviposition_site(u, self.cell[fed], p_lay, self.sites_by_cell)
        laid = rules.occurs(u, p_lay)
        self.fed[fed[laid]] = 0
        aquatic.deposit_eggs(self.sites, self.p, self.rng, site[site >= 0], traits)
