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
from sim.campaign.teams import Team, WorkItem
from sim.humans import HumanState
from sim.params.actions import InspectionParams

if TYPE_CHECKING:
    from sim.campaign.outdoor import Outdoor
    from sim.params.strategy import StrategyParams
    from sim.world import World

__all__ = ["DayContext", "TeamDay", "inspect_household", "screen_people", "visit_minutes", "work_team_day"]


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

    @property
    def day(self) -> int:
        """Today."""
        return self.world.day


_INFECTIOUS = int(HumanState.INFECTIOUS)


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


def inspect_household(td: TeamDay, hh: int, ctx: DayContext, recheck: bool = False) -> None:
    """The six steps (or the idle-house routine) of team-day ``td`` in household ``hh``."""
    world = ctx.world
    ins = ctx.strategy.inspection
    sites = world.sites
    rng = world.streams["campaign.inspect"]
    idle = bool(world.village.hh_idle[hh])
    skill = td.skill
    p_clear = (ins.p_clear_found_idle if idle else ins.p_clear_found) * td.thoroughness
    larvicide = ins.larvicide and td.larvicide
    # A house has one or two containers: plain Python beats numpy on such tiny sets.
    found_n = cleared_n = positive_found = 0
    wet, immatures, keeps_water = sites.wet, sites.immatures, sites.keeps_water
    for site in sites.household_sites[hh]:
        if not wet[site] or rng.random() >= skill:
            continue
        found_n += 1
        if immatures[site, sites.egg_stage_days:].any():  # larvae or pupae: what a team can see
            positive_found += 1
        if rng.random() < p_clear:
            cleared_n += 1
            immatures[site] = 0
            if not keeps_water[site]:
                wet[site] = False
            elif larvicide:
                sites.treated_until[site] = max(sites.treated_until[site],
                                                ctx.day + ins.larvicide_persistence_days)
    setting = SETTING_NAMES[1] if idle else SETTING_NAMES[0]
    c = ctx.counters
    c["sites_found_today"] += found_n
    c["sites_cleared_today"] += cleared_n
    c[f"sites_found_{setting}"] += found_n
    c[f"sites_cleared_{setting}"] += cleared_n
    c["households_visited_today"] += 1
    if recheck:
        c["rechecks_today"] += 1
        if found_n:  # containers came back: check again
            ctx.rechecks[hh] = ctx.day + ins.recheck_after_days
    elif ins.recheck_fraction > 0 and world.streams["campaign.recheck"].random() < ins.recheck_fraction:
        ctx.rechecks.setdefault(hh, ctx.day + ins.recheck_after_days)
    world.surveillance.record_inspection(hh, positive_found, ctx.day)
    ctx.last_visit_day[hh] = ctx.day
    cell = int(world.village.hh_cell[hh])
    if ins.indoor_knockdown > 0 and td.knockdown and hh not in ctx.knocked:
        ctx.knocked.add(hh)
        ctx.kill_cell[cell] += ctx.house_kill_cell[cell]
    if not idle:
        _teach_and_screen(td, hh, ctx)


def _teach_and_screen(td: TeamDay, hh: int, ctx: DayContext) -> None:
    s, world = ctx.strategy, ctx.world
    if td.teach:
        a = world.awareness
        a[hh] += s.inspection.teach_awareness_gain * (1.0 - a[hh])
    people = world.village.people_of(hh)
    if s.publicity.coils and people:
        ctx.coil_until[people.start:people.stop] = ctx.day + s.publicity.coil_days
    if s.inspection.fever_screening and people and td.screening_sensitivity > 0:
        pop = world.population
        # Most houses have nobody ill: check in plain Python before any array work.
        state, symptomatic, reported, sick = pop.state, pop.symptomatic, pop.reported, _INFECTIOUS
        ill = [p for p in people if state[p] == sick and symptomatic[p] and not reported[p]]
        if ill:
            screen_people(np.asarray(ill, dtype=np.int64), td.screening_sensitivity, ctx)


def screen_people(people: np.ndarray, sensitivity: float, ctx: DayContext) -> int:
    """Ask ``people`` about fever: ill ones not yet reported are recognised with
    ``sensitivity`` and reported today. Returns the number newly reported."""
    pop = ctx.world.population
    ill = people[(pop.state[people] == HumanState.INFECTIOUS) & pop.symptomatic[people]
                 & ~pop.reported[people]]
    found = ill[ctx.world.streams["campaign.screen"].random(ill.size) < sensitivity]
    new = pop.report_now(found, ctx.day)
    ctx.counters["cases_found_by_screening"] += int(new.size)
    ctx.reported.extend(new.tolist())
    return int(new.size)


def visit_minutes(team: Team, item: WorkItem, from_cell: int, ctx: DayContext) -> float | None:
    """Minutes the team needs for ``item`` from ``from_cell`` (walk included), or None if
    the team cannot do it (a locked idle house and nobody who may unlock)."""
    ins = ctx.strategy.inspection
    v = ctx.world.village
    fx, fy = divmod(from_cell, v.height)
    if item.kind == "construction":
        tx, ty = divmod(item.cell, v.height)
        dist = max(abs(tx - fx), abs(ty - fy))
        return dist * ins.walk_minutes_per_cell + ctx.strategy.outdoor.construction_check_minutes
    hh = item.target
    dist = max(abs(int(v.hh_x[hh]) - fx), abs(int(v.hh_y[hh]) - fy))
    minutes = dist * ins.walk_minutes_per_cell + team.entry_minutes
    if v.hh_idle[hh]:
        if ctx.world.hh_locked[hh]:
            unlock = team.unlock_minutes
            if unlock is None:
                return None
            minutes += unlock
        return minutes + ins.idle_routine_minutes
    return minutes + ins.inspection_minutes


def work_team_day(team: Team, ctx: DayContext, outdoor: Outdoor) -> int:
    """Walk the team's queue (rechecks and construction checks first) until its time runs out.

    Work a team had no time for stays where it was: houses stay due, rechecks stay
    pending. Returns the number of items done.
    """
    strategy, world = ctx.strategy, ctx.world
    height = world.village.height
    penalty = strategy.workforce.fatigue_penalty
    team.minutes_left = team.hours * 60.0 * (1.0 - penalty * team.fatigue)
    td = TeamDay.of(team, strategy.inspection, penalty)
    x, y = team.members[0].cell.coordinate
    cell = x * height + y
    team.route = [cell]
    done = 0
    for item in team.queue:
        need = visit_minutes(team, item, cell, ctx)
        if need is None:
            continue
        if need > team.minutes_left:
            break
        team.minutes_left -= need
        if item.kind == "construction":
            cell = item.cell
            outdoor.check_construction(item.target, ctx.day, ctx.counters)
            _log(ctx, "construction", team, -1, cell, height, f"site={item.target}")
        else:
            hh = item.target
            cell = int(world.village.hh_cell[hh])
            opened = bool(world.hh_locked[hh])
            if opened:
                world.hh_locked[hh] = False
                ctx.counters["idle_houses_opened_today"] += 1
            before = ctx.counters["sites_found_today"], ctx.counters["sites_cleared_today"]
            if item.kind == "recheck":
                ctx.rechecks.pop(hh, None)  # done (inspect_household books another if needed)
            inspect_household(td, hh, ctx, recheck=item.kind == "recheck")
            found = ctx.counters["sites_found_today"] - before[0]
            cleared = ctx.counters["sites_cleared_today"] - before[1]
            action = "idle_house" if world.village.hh_idle[hh] else "inspect"
            _log(ctx, action, team, hh, cell, height,
                 f"found={found} cleared={cleared}" + (" opened=1" if opened else "")
                 + (" recheck=1" if item.kind == "recheck" else ""))
        team.route.append(cell)
        done += 1
    if done:  # the team ends its day where it stopped
        end = world.grid[divmod(cell, height)]
        for m in team.members:
            m.cell = end
    return done


def _log(ctx: DayContext, action: str, team: Team, hh: int, cell: int, height: int, detail: str) -> None:
    if ctx.events is not None:
        x, y = divmod(cell, height)
        ctx.events.append({"day": ctx.day, "action": action, "team": team.team_id, "household": hh,
                           "cell_x": x, "cell_y": y, "detail": detail})
