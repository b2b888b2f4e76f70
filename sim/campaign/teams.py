"""Teams (the unit that is dispatched) and ring areas (the zones drawn around cases)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from sim.agents import StaffMember

__all__ = ["RingArea", "Team"]


@dataclass
class Team:
    """Staff who work together for the day (a team is formed anew every day).

    Attributes:
        team_id: stable id within the run.
        members: the staff members (Mesa ``CellAgent``s) of the team.
        composition: preset name (``cadre_only``, ``three_person`` ...).
        queue: household indices still to visit today, in order.
        minutes_left: working time left today (min).
    """

    team_id: int
    members: list[StaffMember]
    composition: str = "cadre_only"
    queue: list[int] = field(default_factory=list)
    minutes_left: float = 0.0

    @cached_property
    def has_medic(self) -> bool:
        """A medic is in the team (better inspections, fever screening)."""
        return any(m.role == "medic" for m in self.members)

    @cached_property
    def has_grid_worker(self) -> bool:
        """A grid worker is in the team (faster entry, holds the keys of idle houses)."""
        return any(m.role == "grid_worker" for m in self.members)

    @property
    def cell(self) -> Cell | None:
        """Where the team is (its first member's cell)."""
        return self.members[0].cell if self.members else None


@dataclass
class RingArea:
    """Core, warning and outer circles around a reported case's home.

    Attributes:
        household: the index case's household.
        x, y: centre cell.
        radii_m: (core, warning, outer) radii in metres.
        opened_day: day the ring was drawn.
        last_case_day: day of the latest case reported inside the core.
        expires_day: the ring closes after this day unless a new case renews it.
    """

    household: int
    x: int
    y: int
    radii_m: tuple[float, float, float]
    opened_day: int
    last_case_day: int
    expires_day: int
