"""Mesa agents: households (fixed to their cell) and campaign staff (moving on the grid).

Per-person and per-site state lives in numpy arrays owned by the model; the
agents are the units that are visited (households) and that act (staff).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from mesa.discrete_space import CellAgent, FixedAgent

if TYPE_CHECKING:
    import numpy as np
    from mesa.discrete_space import Cell

    from sim.model import CampaignModel

__all__ = ["Cadre", "GridWorker", "Household", "Medic", "Role", "StaffMember"]


class Role(StrEnum):
    """Campaign roles, as they appear in outputs (``staff_person_days``)."""

    CADRE = "cadre"
    GRID_WORKER = "grid_worker"
    MEDIC = "medic"


class Household(FixedAgent):
    """A house: the smallest unit of control (village -> group -> household).

    Attributes:
        index: household index into the model's arrays.
        group: group (zone) id.
        idle: vacant house with nobody living in it.
        locked: must be unlocked before it can be inspected (idle houses).
    """

    def __init__(self, model: CampaignModel, cell: Cell, index: int, group: int, idle: bool,
                 first_person: int, residents: int) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = index
        self.group = group
        self.idle = idle
        self.locked = idle
        self._people = slice(first_person, first_person + residents)

    @property
    def residents(self) -> int:
        """Number of people living here."""
        return self._people.stop - self._people.start

    @property
    def people(self) -> range:
        """Person indices of the residents."""
        return range(self._people.start, self._people.stop)

    @property
    def awareness(self) -> float:
        """Awareness of breeding sites (0..1), raised by visits and publicity."""
        return float(self.model.awareness[self.index])

    @property
    def sites(self) -> np.ndarray:
        """Indices of this household's breeding sites."""
        return self.model.sites.of_household(self.index)


class StaffMember(CellAgent):
    """A member of the campaign workforce.

    Attributes:
        role: the member's :class:`Role`.
        skill: inspection skill 0..1 (1 = fully trained).
        fatigue: accumulated fatigue 0..1 (rises with consecutive work days).
        group: assigned group (zone) id, or -1 for anywhere.
        unit: cadre unit ("double reporting" pairing), -1 if none.
        days_worked: person-days on duty so far.
        consecutive_days: days on duty without rest.
        on_duty: working today.
    """

    role: Role

    def __init__(self, model: CampaignModel, cell: Cell, skill: float, group: int = -1,
                 unit: int = -1) -> None:
        super().__init__(model)
        self.cell = cell
        self.skill = skill
        self.fatigue = 0.0
        self.group = group
        self.unit = unit
        self.days_worked = 0
        self.consecutive_days = 0
        self.on_duty = False


class Cadre(StaffMember):
    """A deployed party cadre: leads a team, visits houses, teaches."""

    role = Role.CADRE


class GridWorker(StaffMember):
    """A grid worker: knows who lives where and who holds keys (faster entry, unlocks)."""

    role = Role.GRID_WORKER


class Medic(StaffMember):
    """A medic: raises inspection quality, screens for fever, reports cases."""

    role = Role.MEDIC
