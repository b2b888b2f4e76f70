"""Agent engine: each adult female mosquito is a Mesa ``CellAgent`` on the model's grid.

This is the teaching and reference engine (``vector.engine=agents``). Every
mosquito steps through the same rule functions (:mod:`sim.vector.rules`) as
the array engine, one mosquito at a time, as a Mesa user would write it; the
aquatic stages are shared code (:mod:`sim.vector.aquatic`). It is about two
orders of magnitude slower than the array engine (see ``python -m sim.bench``),
so use it for small villages, short runs and for checking the array engine.

A day of adults has two phases, each a ``shuffle_do`` over the mosquito
``AgentSet``: ``live`` (survive, age, incubate, fly), then ``feed`` (lay the
eggs a blood meal has matured, then bite). Biting needs the number of mosquitoes in each cell *after* the
flights, so it cannot run in the same pass.

Randomness: per-mosquito uniform draws come from a ``random.Random`` seeded
once from the vector stream (fast scalar draws, and independent of the other
processes' streams); the order of agents comes from ``model.random``, which
Mesa's ``AgentSet`` uses. The same seed gives the same run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from mesa.agent import AgentSet
from mesa.discrete_space import Cell, CellAgent

from sim.params.disease import DiseaseParams
from sim.params.vector import VectorParams
from sim.sites import BreedingSites
from sim.vector import aquatic, rules, tables
from sim.vector.engine import MosquitoState
from sim.vector.hosts import BiteResult, HostView
from sim.vector.thermal import DailyTraits
from sim.village import Setting, Village

if TYPE_CHECKING:
    from mesa.discrete_space import OrthogonalMooreGrid
    from mesa.model import Model


__all__ = ["AgentMosquitoes", "MosquitoAgent"]


class MosquitoAgent(CellAgent):
    """One adult female *Aedes* mosquito.

    Attributes:
        engine: the :class:`AgentMosquitoes` she belongs to (tables, today's hosts).
        cell_index: flat index of her cell (``x * height + y``, as in :mod:`sim.village`).
        age: days since emergence (for reading one mosquito's life; no rule uses it, and the
            array engine does not keep it).
        state: :class:`~sim.vector.arrays.MosquitoState`.
        eip_left: days of extrinsic incubation left (while exposed).
        source: person whose virus she carries, -1 if none.
        fed: she carries a blood meal (eggs maturing) and has not laid yet.
    """

    def __init__(self, model: Model, cell_index: int, engine: AgentMosquitoes) -> None:
        super().__init__(model)
        self.engine = engine
        self.cell_index = cell_index
        self.cell = engine.cells[cell_index]
        self.age = 0
        self.state = MosquitoState.SUSCEPTIBLE
        self.eip_left = 0
        self.source = -1
        self.fed = False

    def live(self) -> None:
        """Survive the day (or die), age, advance the extrinsic incubation, maybe fly."""
        e = self.engine
        u = e.random.random
        here = self.cell_index
        extra = None if e.extra_kill_cell is None else e.extra_kill_cell[here]
        if not rules.occurs(u(), rules.survival_probability(e.traits.daily_survival, extra)):
            self.remove()
            return
        self.age += 1
        if self.state == MosquitoState.EXPOSED:
            self.eip_left, now_infectious = rules.advance_eip(self.eip_left)
            if now_infectious:
                self.state = MosquitoState.INFECTIOUS
        to = rules.dispersal(u(), here, e.moves)
        if to != here:
            self.cell_index = to
            self.move_to(e.cells[to])

    def feed(self) -> None:
        """Lay a batch of eggs if a blood meal has matured them, then seek a blood meal."""
        e = self.engine
        u = e.random.random
        here = self.cell_index
        if self.fed:
            p_lay = rules.laying_probability(True, e.traits.gonotrophic_cycle_days)
            v = u()
            site = rules.oviposition_site(v, here, p_lay, e.sites_by_cell)
            if rules.occurs(v, p_lay):
                self.fed = False
            if site >= 0:
                e.batches.append(int(site))
        if rules.occurs(u(), e.p_bite_cell[here]):
            self._bite(here)

    def _bite(self, here: int) -> None:
        e = self.engine
        u = e.random.random
        hosts, d = e.hosts, e.d
        person = int(rules.choose_host(u(), u(), here, hosts))
        if not rules.bite_lands(u(), hosts.p_bite_blocked[person]):
            return
        e.bites += 1
        self.fed = True
        if self.state == MosquitoState.SUSCEPTIBLE and hosts.infectious[person]:
            if rules.mosquito_catches_virus(u(), d.p_human_to_mosquito,
                                            hosts.transmit_factor[person]):
                self.state = MosquitoState.EXPOSED
                self.eip_left = rules.eip_days(u(), e.traits.eip_days)
                self.source = person
        elif (self.state == MosquitoState.INFECTIOUS and hosts.susceptible[person]
              and rules.human_catches_virus(u(), d.p_mosquito_to_human)):
            e.infections.setdefault(person, self.source)


class AgentMosquitoes:
    """The adult mosquitoes as Mesa agents, with the same interface as ``ArrayMosquitoes``.

    Args:
        vector: mosquito parameters.
        disease: disease parameters (transmission, EIP).
        village: the village (grid size).
        model: the Mesa model the mosquito agents belong to.
        grid: the Mesa grid they live on.
        sites: breeding sites (aquatic stages, shared with the array engine).
        rng: the vector stream.
        attraction_cells: 1 for cells with people, else 0 (flight weights).
    """

    def __init__(self, vector: VectorParams, disease: DiseaseParams, village: Village, model: Model,
                 grid: OrthogonalMooreGrid, sites: BreedingSites, rng: np.random.Generator,
                 attraction_cells: np.ndarray) -> None:
        v = village
        self.p = vector
        self.d = disease
        self.model = model
        self.sites = sites
        self.rng = rng
        self.random = random.Random(int(rng.integers(2**63)))
        self.n_cells = v.n_cells
        self.height = v.height
        # Lookup tables as Python lists: one agent indexes them with Python ints,
        # which is several times faster on lists than on numpy arrays.
        moves = tables.move_table(v.width, v.height, attraction_cells, vector.host_attraction,
                                  vector.p_move_per_day)
        self.moves = tables.AliasTable(moves.k, moves.cut.tolist(), moves.value.tolist())
        by_cell = tables.sites_by_cell(sites.cell, v.n_cells, sites.setting == Setting.UNCOUNTED,
                                       v.uncounted_egg_share)
        self.sites_by_cell = tables.SitesByCell(by_cell.start.tolist(), by_cell.count.tolist(),
                                                by_cell.order.tolist(), by_cell.uncounted.tolist(),
                                                by_cell.uncounted_share.tolist())
        self.cells: list[Cell] = [grid[(x, y)] for x in range(v.width) for y in range(v.height)]
        # What the agents read during a day (set by step_adults).
        self.hosts: HostView | None = None
        self.extra_kill_cell: list[float] | None = None
        self.traits: DailyTraits | None = None
        self.p_bite_cell: list[float] = [0.0] * self.n_cells
        self.batches: list[int] = []
        self.infections: dict[int, int] = {}
        self.bites = 0

    # --- bookkeeping ------------------------------------------------------
    @property
    def agents(self) -> AgentSet:
        """The living mosquito agents (Mesa's per-type ``AgentSet``)."""
        found = self.model.agents_by_type.get(MosquitoAgent)
        return found if found is not None else AgentSet([], random=self.model.random)

    @property
    def n_adults(self) -> int:
        """Adult females alive."""
        return len(self.agents)

    def n_infectious(self) -> int:
        """Adult females able to transmit."""
        return len(self.agents.select(lambda a: a.state == MosquitoState.INFECTIOUS))

    def density(self) -> np.ndarray:
        """Adult females per flat cell."""
        cells = np.asarray(self.agents.get("cell_index"), dtype=np.int64)
        return np.bincount(cells, minlength=self.n_cells)

    def add_adults(self, cells: np.ndarray) -> None:
        """Create newly emerged (or released) susceptible females at flat ``cells``."""
        for c in cells.tolist():
            MosquitoAgent(self.model, c, self)

    def kill_in_cells(self, kills: Sequence[tuple[np.ndarray, np.random.Generator]]) -> int:
        """Knock down adults now; returns the number killed (as
        :meth:`sim.vector.arrays.ArrayMosquitoes.kill_in_cells`: each mechanism draws from its
        own stream over the adults alive before today's kills, in the cells it reaches)."""
        agents = list(self.agents)
        dead: set[int] = set()
        for kill_fraction_cell, rng in kills:
            kill = kill_fraction_cell.tolist()
            at_risk = [i for i, a in enumerate(agents) if kill[a.cell_index] > 0]
            draws = rng.random(len(at_risk)).tolist()
            dead.update(i for i, u in zip(at_risk, draws, strict=True)
                        if rules.occurs(u, kill[agents[i].cell_index]))
        for i in dead:
            agents[i].remove()
        return len(dead)

    def expose(self, n: int, rng: np.random.Generator, eip_mean_days: float, source: int) -> int:
        """See :meth:`sim.vector.engine.MosquitoEngine.expose` (the same draws as the array
        engine's, over the agents in their set's order)."""
        if n <= 0:
            return 0
        agents = list(self.agents)
        if not agents:
            return 0
        bitten = rng.choice(len(agents), size=min(n, len(agents)), replace=False).tolist()
        caught = [agents[i] for i in bitten if agents[i].state == MosquitoState.SUSCEPTIBLE]
        for a, u in zip(caught, rng.random(len(caught)).tolist(), strict=True):
            a.state = MosquitoState.EXPOSED
            a.eip_left = rules.eip_days(u, eip_mean_days)
            a.source = source
        return len(caught)

    # --- daily processes ----------------------------------------------------
    def step_aquatic(self, day: int, traits: DailyTraits) -> int:
        """Develop immatures with density-dependent mortality; emerge adults. Returns emerged."""
        emerged = aquatic.develop_immatures(self.sites, self.p, self.rng, day, traits)
        self.add_adults(np.repeat(self.sites.cell, emerged))
        return int(emerged.sum())

    def step_adults(self, day: int, hosts: HostView, extra_kill_cell: np.ndarray | None,
                    traits: DailyTraits) -> BiteResult:
        """Survival, ageing, EIP, dispersal, oviposition by fed females, then biting."""
        self.hosts = hosts
        self.traits = traits
        self.extra_kill_cell = None if extra_kill_cell is None else extra_kill_cell.tolist()
        self.batches, self.infections, self.bites = [], {}, 0
        self.agents.shuffle_do("live")
        self.p_bite_cell = rules.bite_probability_per_mosquito(
            self.density(), hosts.cell_exposure, traits.bites_per_mosquito_per_day,
            self.p.max_bites_per_human_per_day,
        ).tolist()
        self.agents.shuffle_do("feed")
        aquatic.deposit_eggs(self.sites, self.p, self.rng, np.asarray(self.batches, dtype=np.int64),
                             traits)
        people = np.fromiter(self.infections.keys(), dtype=np.int32, count=len(self.infections))
        sources = np.fromiter(self.infections.values(), dtype=np.int32, count=len(self.infections))
        return BiteResult(people, sources, self.bites)
