"""Roles, team shapes and the staff pool: who can be sent, in which teams.

A *role* (cadre, grid worker, medic, auxiliary police, volunteer, ...) is data:
what one member brings to a team (entry and unlocking times, the chance to
find containers, fever-screening sensitivity) and which actions the member may
do. A *team shape* is a list of roles with counts and the kind of work the team
does. The *staffing* is the pool: how many people of each role, and how many
party units ("double reporting") the unit-paired roles belong to.

Sources for the organisations expressed by the presets are in
``../shared/FIELD_BRIEF.md`` (Shunde 2025; Foshan 2020 screening teams; Jiayu
small grids and assault teams; Zeku leader zones). Times, skills and
sensitivities are not in those reports: they are plausible defaults
(*unverified*), kept as parameters for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.errors import ConfigError
from sim.params.fields import label, param, probability, validate

__all__ = [
    "ACTIONS",
    "AREA_MODES",
    "PAIRINGS",
    "WORK_ACTION",
    "RoleParams",
    "StaffingParams",
    "TeamShapeParams",
]

#: What a member of a role may do. A team may do an action if one of its members may.
ACTIONS: tuple[str, ...] = (
    "inspect",       # check, look and flip containers; empty them (house visits)
    "teach",         # explain to residents (raises household awareness)
    "screen",        # ask about fever, recognise ill residents and report them
    "knockdown",     # the six steps' "kill": indoor spraying of the visited house
    "larvicide",     # treat containers that cannot be emptied (plant water)
    "unlock",        # open idle (vacant, locked) houses and treat them
    "spray",         # outdoor space spraying (fogging)
    "cleanup",       # clear public sites (weeds, garbage, puddles)
    "publicity",     # leaflets, loudspeakers, dialect talks (publicity events)
    "construction",  # check and recheck construction sites
    "checkpoint",    # fever checks of people passing a village entrance
    "supply",        # hand out coils and leaflets door to door
)

#: Kind of work a team does in a day -> the action one of its members must be allowed.
WORK_ACTION: dict[str, str] = {
    "visit": "inspect",
    "spray": "spray",
    "cleanup": "cleanup",
    "publicity": "publicity",
    "checkpoint": "checkpoint",
    "supply": "supply",
}

#: Where a role's members belong: ``unit`` (a party unit and its paired area),
#: ``area`` (spread over the areas in proportion to houses), ``none`` (no home area).
PAIRINGS: tuple[str, ...] = ("unit", "area", "none")

#: Where a team works: ``home`` (its leader's area, then the nearest area with work),
#: ``hold`` (only its own area: a small grid, a leader's zone), ``roam`` (wherever the
#: most work is, like professional and assault teams).
AREA_MODES: tuple[str, ...] = ("home", "hold", "roam")


@dataclass(frozen=True)
class RoleParams:
    """What one member of a role brings to a team.

    Every field must be given: a role is data (``configs/roles``), and a new
    role with a missing field is refused rather than filled with made-up values.

    A team takes the best of its members: the highest skill to find containers
    (among members who may ``inspect``), the largest find bonus, the shortest
    entry time, the shortest unlocking time (among members who may ``unlock``;
    a team with none skips idle houses) and the highest screening sensitivity
    (among members who may ``screen``).

    Attributes:
        actions: what a member may do (see :data:`ACTIONS`).
        skill_untrained, skill_trained: chance to find each wet container
            before and after training (*unverified*).
        trained_at_start: the role is trained already (professionals, grid workers).
        find_bonus: a member multiplies the team's chance to find a container by
            (1 + bonus), capped at 0.99 (a medic's professional guidance; *unverified*).
        entry_minutes: time to be let into an occupied house (min): short for
            someone the family knows (*unverified*).
        unlock_minutes: time to open an idle house (min): short for someone who
            holds the keys (*unverified*).
        screening_sensitivity: chance to recognise an ill resident (*unverified*).
        availability: share on duty on a wartime day. Roles with
            ``full_deployment`` use the strategy's deployment shares instead.
        full_deployment: called up in full in the strategy's full-deployment
            window (party cadres: Shunde, 24 Jul 2025).
        rests_when_tired: takes a rest day when fatigue reaches the strategy's
            threshold (medics in Shunde worked without rest until relieved).
        pairing: where members belong (see :data:`PAIRINGS`).
    """

    actions: tuple[str, ...] = param(choices=ACTIONS)
    skill_untrained: float = probability()
    skill_trained: float = probability()
    trained_at_start: bool = param()
    find_bonus: float = param(low=0.0, high=10.0)
    entry_minutes: float = param(low=0.0, high=600.0)
    unlock_minutes: float = param(low=0.0, high=600.0)
    screening_sensitivity: float = probability()
    availability: float = probability()
    full_deployment: bool = param()
    rests_when_tired: bool = param()
    pairing: str = param(choices=PAIRINGS)

    def __post_init__(self) -> None:
        validate(self)
        if len(set(self.actions)) != len(self.actions):
            raise ConfigError("actions", list(self.actions), "an action is listed twice")

    def may(self, action: str) -> bool:
        """Whether a member of this role may do ``action``."""
        return action in self.actions


@dataclass(frozen=True)
class TeamShapeParams:
    """A kind of team: its roles with counts (the first role leads) and its work.

    Every field must be given (a team shape is data, in ``configs/team_shapes``).

    Attributes:
        roles: role name -> members of that role; the first role listed leads.
        work: what the team does all day (see :data:`WORK_ACTION`).
        fallback: shape formed from the people left over when no more teams of
            this shape can be filled ("" = none). Three-person teams fall back
            to cadre + grid worker when medics rest, and then to cadre pairs.
        area_mode: where the team works (see :data:`AREA_MODES`).
        hours_per_day: working hours (h); None takes the strategy's
            ``workforce.hours_per_day``.
    """

    roles: dict[str, int] = param(low=1, high=1000)
    work: str = param(choices=WORK_ACTION)
    fallback: str = param()
    area_mode: str = param(choices=AREA_MODES)
    hours_per_day: float | None = param(low=0.5, high=24.0)

    def __post_init__(self) -> None:
        if not self.roles:
            raise ConfigError("roles", {}, "a team needs at least one member (role: count)")
        validate(self)

    @property
    def leader_role(self) -> str:
        """The role that leads the team (listed first)."""
        return next(iter(self.roles))

    @property
    def size(self) -> int:
        """Members per team."""
        return sum(self.roles.values())


@dataclass(frozen=True)
class StaffingParams:
    """How many people of each role the campaign can call on.

    Attributes:
        name: preset name.
        pool: role name -> people of that role (roles left out have none).
        cadre_units: party units ("double reporting"); members of unit-paired
            roles are spread over the units, and each unit is paired with an
            area of the village sized to its members.
    """

    name: str = label("default")
    pool: dict[str, int] = param(factory=dict, low=0, high=1_000_000)
    cadre_units: int = param(6, low=1, high=100_000)

    def __post_init__(self) -> None:
        validate(self)

    def count(self, role: str) -> int:
        """People of ``role`` in the pool (0 if the role is not listed)."""
        return self.pool.get(role, 0)
