"""The mosquito engine interface, and the registry of engines chosen by ``vector.engine``.

``arrays`` (default) keeps every adult female as a row of numpy arrays;
``agents`` makes each one a Mesa ``CellAgent``. Both step through the rules of
:mod:`sim.vector.rules`, share the aquatic stages of :mod:`sim.vector.aquatic`
and meet :class:`MosquitoEngine`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.params.disease import DiseaseParams
from sim.params.vector import VectorParams
from sim.sites import BreedingSites
from sim.vector.hosts import BiteResult, HostView
from sim.vector.thermal import DailyTraits
from sim.village import Village

if TYPE_CHECKING:
    from mesa.model import Model

    from sim.lazy_grid import LazyGrid

__all__ = ["MosquitoEngine", "MosquitoState", "make_engine"]


class MosquitoState(IntEnum):
    """Infection states of adult mosquitoes."""

    SUSCEPTIBLE = 0
    EXPOSED = 1
    INFECTIOUS = 2


class MosquitoEngine(Protocol):
    """What the model and the campaign need of the adult mosquitoes."""

    @property
    def n_adults(self) -> int:
        """Adult females alive."""

    def n_infectious(self) -> int:
        """Adult females able to transmit."""

    def density(self) -> np.ndarray:
        """Adult females per flat cell."""

    def add_adults(self, cells: np.ndarray) -> None:
        """New susceptible adult females in ``cells`` (one per entry)."""

    def kill_in_cells(self, kills: Sequence[tuple[np.ndarray, np.random.Generator]]) -> int:
        """Kill adults now: each ``(per-cell probability, stream)`` is one mechanism, drawn over
        the adults alive before today's kills; returns the number killed."""

    def expose(self, n: int, rng: np.random.Generator, eip_mean_days: float, source: int) -> int:
        """Bites on infectious people who are not residents (a district's visitors): ``n``
        adults drawn at random by ``rng``, the susceptible among them exposed with an EIP
        of mean ``eip_mean_days`` and ``source`` as their virus's person; returns how many."""

    def step_aquatic(self, day: int, traits: DailyTraits) -> int:
        """One day of the aquatic stages at today's traits; returns the adults that emerged."""

    def step_adults(self, day: int, hosts: HostView, extra_kill_cell: np.ndarray | None,
                    traits: DailyTraits) -> BiteResult:
        """One day of the adults: survival, ageing, incubation, flight, eggs, biting."""


def make_engine(vector: VectorParams, disease: DiseaseParams, village: Village, sites: BreedingSites,
                rng: np.random.Generator, attraction_cells: np.ndarray, agents_model: Model,
                grid: LazyGrid) -> MosquitoEngine:
    """The engine named by ``vector.engine`` (the agents live in ``agents_model`` on ``grid``,
    which the agent engine builds)."""
    if vector.engine == "agents":
        from sim.vector.agents import AgentMosquitoes

        return AgentMosquitoes(vector, disease, village, agents_model, grid.get(), sites, rng,
                               attraction_cells)
    from sim.vector.arrays import ArrayMosquitoes

    return ArrayMosquitoes(vector, disease, village, sites, rng, attraction_cells)
