"""Households: Mesa agents fixed to their cell, the smallest unit of control.

Per-person and per-site state lives in numpy arrays owned by the model; the
household agent is the unit that is visited. Campaign staff are in
:mod:`sim.campaign.staff`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

if TYPE_CHECKING:

    from sim.model import CampaignModel

__all__ = ["Household"]


class Household(FixedAgent):
    """A house: the smallest unit of control (village -> group -> household).

    Attributes:
        index: household index into the model's arrays.
        group: group (zone) id.
        idle: vacant house with nobody living in it.
    """

    def __init__(self, model: CampaignModel, position: tuple[int, int], index: int, group: int, idle: bool,
                 first_person: int, residents: int) -> None:
        super().__init__(model)
        #: (x, y) of the house's cell; the Mesa ``cell`` is set when the grid is built (sim.lazy_grid).
        self.position = position
        self.index = index
        self.group = group
        self.idle = idle
        self._people = slice(first_person, first_person + residents)

    @property
    def locked(self) -> bool:
        """An idle house that staff have not opened yet."""
        return bool(self.model.hh_locked[self.index])

    @property
    def residents(self) -> int:
        """Number of people living here."""
        return self._people.stop - self._people.start

    @property
    def people(self) -> range:
        """Person indices of the residents."""
        return range(self._people.start, self._people.stop)
