"""The village's Mesa grid, built the first time something needs it.

A headless run never does: people, sites and mosquitoes live in numpy arrays, and
households and staff keep their cell as coordinates (``position``). Only drawing (the
trainer's page, animations, the property layers) and the agent mosquito engine need Mesa's
cells, and Mesa builds every cell of an ``OrthogonalMooreGrid`` with its eight connections
at once: about 1.2 KB and 28 us per cell, 0.1 s and 4.2 MB for the default village's 3,600
cells, 1-1.5 s and 42 MB for the town's 36,100. When the grid is built, every registered
agent is put on the cell of its ``position``; afterwards moves are mirrored onto the grid.
"""

from __future__ import annotations

import random
from typing import Protocol

from mesa.discrete_space import OrthogonalMooreGrid

__all__ = ["LAYERS", "LazyGrid", "Placed"]

#: Property layers the drawing reads (refreshed by ``CampaignModel.update_layers``).
LAYERS: tuple[str, ...] = ("mosquito_density", "breeding_sites", "spray_kill")


class Placed(Protocol):
    """An agent with a cell on the grid (a Mesa ``CellAgent`` or ``FixedAgent``)."""

    position: tuple[int, int]
    cell: object


class LazyGrid:
    """A ``width`` x ``height`` Moore grid (no torus), built on first :meth:`get`."""

    def __init__(self, width: int, height: int, rng: random.Random) -> None:
        self.width, self.height = width, height
        self._random = rng
        self._grid: OrthogonalMooreGrid | None = None
        self._agents: list[Placed] = []

    @property
    def built(self) -> bool:
        """Whether the Mesa grid exists yet."""
        return self._grid is not None

    def get(self) -> OrthogonalMooreGrid:
        """The Mesa grid (built now if it is not yet, with every registered agent placed)."""
        if self._grid is None:
            grid = OrthogonalMooreGrid((self.width, self.height), torus=False, random=self._random)
            for name in LAYERS:
                grid.create_property_layer(name, default_value=0.0, dtype=float)
            self._grid = grid
            for agent in self._agents:
                agent.cell = grid[agent.position]
        return self._grid

    def register(self, agent: Placed) -> None:
        """Keep ``agent`` on the cell of its ``position`` (now, or when the grid is built)."""
        self._agents.append(agent)
        if self._grid is not None:
            agent.cell = self._grid[agent.position]

    def moved(self, agent: Placed) -> None:
        """Mirror a change of ``agent.position`` onto the grid, if there is one."""
        if self._grid is not None:
            cell = self._grid[agent.position]
            if agent.cell is not cell:
                agent.cell = cell
