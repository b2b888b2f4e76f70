"""What a visit team does in a house: the six-step inspection, idle-house entry, fever screening.

Six steps (ask, check, look, flip, teach, kill): *ask* about fever and report
ill residents; *check*, *look* and *flip* find wet containers (each found with
the team's skill, raised by a member's find bonus); found containers are
emptied (plants get their water changed, plus larvicide where used); *teach*
raises the household's awareness; *kill* sprays the house inside, which
knocks down the adults resting in it: the indoor-resting share of its cell's
adults divided among the cell's houses (*Ae. albopictus* rests mostly
outdoors), so visits to several houses of a cell add up and never compound.
Each step needs a member whose role may do it. Idle houses must first be
unlocked, once (the grid worker who holds the keys is quick), and then get a
fixed eight-action routine on every visit.

Random draws come from one stream per mechanism (``campaign.inspect``,
``campaign.screen``, ``campaign.recheck``), so switching one mechanism on does
not shift another's draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.campaign.counters import SETTING_NAMES
from sim.campaign.teams import Team
from sim.humans import HumanState
from sim.params.actions import InspectionParams

if TYPE_CHECKING:
    from sim.params.strategy import StrategyParams
    from sim.world import World

__all__ = ["DayContext", "TeamDay", "Visits", "inspect_households", "screen_people"]


@dataclass
class DayContext:
    """What the campaign's work of one day reads and writes.

    Attributes:
        world: the world (houses opened and containers cleared in place).
        strategy: the strategy's parameters.
        counters: the campaign's daily counters (updated in place).
        kill_cell: per-cell knockdown probability accumulated today.
        house_kill_cell: per cell, the share of its adults one house's knockdown kills
            (indoor-resting share x efficacy / houses in the cell).
        knocked: houses whose inside was sprayed today (each counts once).
        last_visit_day: last visit per household (updated in place).
        coil_until: per-person last day of coil protection (updated in place).
        rechecks: pending quality rechecks, household -> due day (updated in place).
        events: event rows, or None when the event log is off.
        reported: people found ill by screening today.
        kills: adult kills of the day's mechanisms as ``(per-cell probability, stream)``,
            worked together at the end of the day (knockdown, spraying).
    """

    world: World
    strategy: StrategyParams
    counters: dict[str, int]
    kill_cell: np.ndarray
    house_kill_cell: np.ndarray
    last_visit_day: np.ndarray
    coil_until: np.ndarray
    rechecks: dict[int, int]
    events: list[dict[str, Any]] | None = None
    reported: list[int] = field(default_factory=list)
    knocked: set[int] = field(default_factory=set)
    kills: list[tuple[np.ndarray, np.random.Generator]] = field(default_factory=list)

    @property
    def day(self) -> int:
        """Today."""
        return self.world.day



@dataclass(frozen=True)
class TeamDay:
    """What a visit team brings to each house today, worked out once per team-day.

    Attributes:
        team: the team.
        skill: chance to find each wet container (best finder, find bonus, fatigue).
        thoroughness: share of ``p_clear_found`` the team reaches (untrained teams
            clear less well: flip, scrub, change the water properly).
        teach, knockdown, larvicide: whether a member may do the step.
        screening_sensitivity: chance to recognise an ill resident (0: nobody may screen).
    """

    team: Team
    skill: float
    thoroughness: float
    teach: bool
    knockdown: bool
    larvicide: bool
    screening_sensitivity: float

    @classmethod
    def of(cls, team: Team, inspection: InspectionParams, fatigue_penalty: float) -> TeamDay:
        """The team's abilities today."""
        skill = min(0.99, team.find_skill * (1.0 + team.find_bonus) * (1.0 - fatigue_penalty * team.fatigue))
        trained = max((m.params.skill_trained for m in team.members if m.params.may("inspect")),
                      default=1.0)
        t0 = inspection.thoroughness_untrained
        thoroughness = t0 + (1.0 - t0) * min(1.0, team.find_skill / max(trained, 1e-9))
        return cls(team, float(skill), thoroughness, team.may("teach"), team.may("knockdown"),
                   team.may("larvicide"), team.screening_sensitivity)


@dataclass(frozen=True)
class Visits:
    """Houses visited today, in the order worked (no house twice), with what each team brings.

    Attributes:
        households: household of each visit.
        recheck: whether the visit is a quality recheck.
        team: index of the visiting team in ``abilities``.
        abilities: the day's teams (:class:`TeamDay`), in the order of ``team``.
    """

    households: np.ndarray
    recheck: np.ndarray
    team: np.ndarray
    abilities: list[TeamDay]

    def of_team(self, attribute: str) -> np.ndarray:
        """The visiting team's ``attribute`` for each visit."""
        values = np.array([getattr(td, attribute) for td in self.abilities])
        return values[self.team] if values.size else values


def inspect_households(visits: Visits, ctx: DayContext) -> tuple[np.ndarray, np.ndarray]:
    """The six steps (or the idle-house routine) in every visited house. Returns the containers
    found and cleared in each house.

    The visit list is worked with array operations: the ``campaign.inspect`` stream
    draws one finding chance per wet container of the list in order, then one clearing
    chance per found container; ``campaign.recheck`` one draw per first visit.
    """
    world, ins, day = ctx.world, ctx.strategy.inspection, ctx.day
    sites, village = world.sites, world.village
    rng = world.streams["campaign.inspect"]
    households, n = visits.households, visits.households.size
    idle = village.hh_idle[households]
    site, visit = sites.of_households(households)
    wet = sites.wet[site]
    site, visit = site[wet], visit[wet]
    found_mask = rng.random(site.size) < visits.of_team("skill")[visit]
    site, visit = site[found_mask], visit[found_mask]
    positive = sites.immatures[site, sites.egg_stage_days:].any(axis=1)  # larvae or pupae: seen
    p_clear = (np.where(idle, ins.p_clear_found_idle, ins.p_clear_found)
               * visits.of_team("thoroughness"))[visit]
    cleared_mask = rng.random(site.size) < p_clear
    cleared = site[cleared_mask]
    sites.immatures[cleared] = 0
    keeps = sites.keeps_water[cleared]
    sites.wet[cleared[~keeps]] = False
    if ins.larvicide:
        plants = cleared[keeps & visits.of_team("larvicide")[visit[cleared_mask]]]
        sites.treated_until[plants] = np.maximum(sites.treated_until[plants],
                                                 day + ins.larvicide_persistence_days)
    found_n = np.bincount(visit, minlength=n)
    cleared_n = np.bincount(visit[cleared_mask], minlength=n)
    _count(ctx.counters, idle, found_n, cleared_n, visits.recheck)
    _book_rechecks(households, visits.recheck, found_n, ctx)
    world.surveillance.record_inspections(households, np.bincount(visit[positive], minlength=n), day)
    ctx.last_visit_day[households] = day
    if ins.indoor_knockdown > 0:
        spraying = households[visits.of_team("knockdown")].tolist()
        fresh = [h for h in spraying if h not in ctx.knocked]  # each house once a day
        ctx.knocked.update(fresh)
        cells = village.hh_cell[np.asarray(fresh, dtype=np.int64)]
        np.add.at(ctx.kill_cell, cells, ctx.house_kill_cell[cells])
    _teach_and_screen(visits, ~idle, ctx)
    return found_n, cleared_n


def _count(c: dict[str, int], idle: np.ndarray, found_n: np.ndarray, cleared_n: np.ndarray,
           recheck: np.ndarray) -> None:
    for setting, in_setting in ((SETTING_NAMES[0], ~idle), (SETTING_NAMES[1], idle)):
        c[f"sites_found_{setting}"] += int(found_n[in_setting].sum())
        c[f"sites_cleared_{setting}"] += int(cleared_n[in_setting].sum())
    c["sites_found_today"] += int(found_n.sum())
    c["sites_cleared_today"] += int(cleared_n.sum())
    c["households_visited_today"] += int(found_n.size)
    c["rechecks_today"] += int(recheck.sum())


def _book_rechecks(households: np.ndarray, recheck: np.ndarray, found_n: np.ndarray,
                   ctx: DayContext) -> None:
    """A recheck that finds containers again books another; a first visit is rechecked with
    the strategy's ``recheck_fraction``."""
    ins = ctx.strategy.inspection
    due = ctx.day + ins.recheck_after_days
    for hh in households[recheck & (found_n > 0)].tolist():
        ctx.rechecks[hh] = due
    first = households[~recheck]
    if ins.recheck_fraction > 0 and first.size:
        chosen = ctx.world.streams["campaign.recheck"].random(first.size) < ins.recheck_fraction
        for hh in first[chosen].tolist():
            ctx.rechecks.setdefault(hh, due)


def _teach_and_screen(visits: Visits, occupied: np.ndarray, ctx: DayContext) -> None:
    """Teaching, coils and fever screening in the occupied houses visited."""
    s, world = ctx.strategy, ctx.world
    households = visits.households[occupied]
    if households.size == 0:
        return
    a = world.awareness
    taught = households[visits.of_team("teach")[occupied]]
    a[taught] += s.inspection.teach_awareness_gain * (1.0 - a[taught])
    people = world.village.people_of_households(households)
    if s.publicity.coils:
        ctx.coil_until[people] = ctx.day + s.publicity.coil_days
    if s.inspection.fever_screening:
        sensitivity = np.repeat(visits.of_team("screening_sensitivity")[occupied],
                                world.village.hh_residents[households])
        asked = sensitivity > 0
        if asked.any():
            screen_people(people[asked], sensitivity[asked], ctx)


def screen_people(people: np.ndarray, sensitivity: float | np.ndarray, ctx: DayContext) -> int:
    """Ask ``people`` about fever: ill ones not yet reported are recognised with
    ``sensitivity`` (one value, or one per person) and reported today. Returns the number
    newly reported."""
    pop = ctx.world.population
    is_ill = (pop.state[people] == HumanState.INFECTIOUS) & pop.symptomatic[people] & ~pop.reported[people]
    ill = people[is_ill]
    chance = np.broadcast_to(sensitivity, people.shape)[is_ill]
    found = ill[ctx.world.streams["campaign.screen"].random(ill.size) < chance]
    new = pop.report_now(found, ctx.day)
    ctx.counters["cases_found_by_screening"] += int(new.size)
    ctx.reported.extend(new.tolist())
    return int(new.size)
