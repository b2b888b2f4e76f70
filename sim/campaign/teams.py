"""Teams (the unit that is dispatched) and what a team can do, derived from its members' roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.campaign.staff import StaffMember
    from sim.params.workforce import TeamShapeParams

__all__ = ["CONSTRUCTION", "HOUSE", "RECHECK", "WORK_KINDS", "Team", "WorkQueue"]


#: Kinds of work in a queue.
HOUSE, RECHECK, CONSTRUCTION = 0, 1, 2
WORK_KINDS: tuple[str, ...] = ("house", "recheck", "construction")


@dataclass
class WorkQueue:
    """A visit team's work for the day, in order, as parallel lists: the kind of each item
    (:data:`HOUSE` first visit, :data:`RECHECK` quality recheck, :data:`CONSTRUCTION`
    site check), its target (household or construction-site index) and, for construction
    sites, its cell (-1 for houses). Lists rather than objects: a day hands out
    hundreds of houses per team."""

    kind: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    cell: list[int] = field(default_factory=list)

    def add(self, kind: int, target: int, cell: int = -1) -> None:
        """One item at the end."""
        self.kind.append(kind)
        self.target.append(target)
        self.cell.append(cell)

    def add_houses(self, households: list[int]) -> None:
        """First visits to ``households``, in order, at the end."""
        self.kind += [HOUSE] * len(households)
        self.target += households
        self.cell += [-1] * len(households)

    def __len__(self) -> int:
        return len(self.kind)


@dataclass
class Team:
    """Staff who work together for the day (teams are formed anew every day).

    What the team can do is derived from its members' roles: the best finder's
    skill, the largest find bonus, the quickest entry, the quickest unlocking
    (among members who may unlock), the best screening sensitivity (among
    members who may screen).

    Attributes:
        team_id: stable id within the run.
        members: the staff members (Mesa ``CellAgent``s), leader first.
        shape: name of the team shape.
        work: what the team does today (``visit``, ``spray``, ``cleanup``, ...).
        area: the area the team works today (-1: none yet).
        area_mode: ``home``, ``hold`` or ``roam`` (see the team shapes).
        hours: working hours today (h).
        queue: visit work for today, in order.
        minutes_left: working time left today (min).
        route: cells the team walked today, in order (for drawing).
    """

    team_id: int
    members: list[StaffMember]
    shape: str
    work: str = "visit"
    area: int = -1
    area_mode: str = "home"
    hours: float = 8.0
    queue: WorkQueue = field(default_factory=WorkQueue)
    minutes_left: float = 0.0
    route: list[int] = field(default_factory=list)

    @classmethod
    def of_shape(cls, team_id: int, members: list[StaffMember], name: str, shape: TeamShapeParams,
                 default_hours: float) -> Team:
        """A team of ``shape`` with ``members`` (leader first)."""
        hours = shape.hours_per_day if shape.hours_per_day is not None else default_hours
        area = members[0].area if members else -1
        return cls(team_id, members, name, shape.work, area, shape.area_mode, hours)

    def may(self, action: str) -> bool:
        """Whether a member of the team may do ``action``."""
        return any(m.params.may(action) for m in self.members)

    @property
    def roles(self) -> tuple[str, ...]:
        """Role of each member, leader first."""
        return tuple(m.role for m in self.members)

    @property
    def find_skill(self) -> float:
        """Skill of the best member who may inspect (0: nobody may)."""
        return max((m.skill for m in self.members if m.params.may("inspect")), default=0.0)

    @property
    def find_bonus(self) -> float:
        """Largest find bonus of a member (a medic's professional guidance)."""
        return max(m.params.find_bonus for m in self.members)

    @property
    def entry_minutes(self) -> float:
        """Time to be let into an occupied house: the member the family knows best knocks."""
        return min(m.params.entry_minutes for m in self.members)

    @property
    def unlock_minutes(self) -> float | None:
        """Time to open an idle house, or None if no member may unlock."""
        times = [m.params.unlock_minutes for m in self.members if m.params.may("unlock")]
        return min(times) if times else None

    @property
    def screening_sensitivity(self) -> float:
        """Chance to recognise an ill resident (best member who may screen; 0: nobody)."""
        return max((m.params.screening_sensitivity for m in self.members if m.params.may("screen")),
                   default=0.0)

    @property
    def fatigue(self) -> float:
        """Mean fatigue of the members (0..1)."""
        return sum(m.fatigue for m in self.members) / len(self.members)

    @property
    def position(self) -> tuple[int, int] | None:
        """Where the team is: its leader's cell (x, y)."""
        return self.members[0].position if self.members else None
