"""What a team does in a house: the six-step inspection, idle-house entry, fever screening.

Six steps (ask, check, look, flip, teach, kill): *ask* about fever and report
ill residents; *check*, *look* and *flip* find wet containers (each found with
the team's skill, raised by a medic); found containers are emptied (plants
get their water changed, plus larvicide where used); *teach* raises the
household's awareness; *kill* knocks down adults in the house's cell.
Idle houses must first be unlocked (fast with the grid worker who holds the
keys) and then get a fixed eight-action routine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.campaign.counters import SETTING_NAMES
from sim.campaign.params import StrategyParams
from sim.campaign.teams import Team
from sim.humans import HumanState

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["DayContext", "inspect_household", "work_team_day"]


@dataclass
class DayContext:
    """Shared state of one campaign day.

    Attributes:
        day: today.
        counters: the campaign's daily counters (updated in place).
        kill_cell: per-cell knockdown probability accumulated today.
        last_visit_day: last visit per household (updated in place).
        coil_until: per-person last day of coil protection (updated in place).
        rechecks: scheduled quality rechecks as ``(due_day, household)``.
        events: event rows, or None when the event log is off.
    """

    day: int
    counters: dict[str, int]
    kill_cell: np.ndarray
    last_visit_day: np.ndarray
    coil_until: np.ndarray
    rechecks: list[tuple[int, int]]
    events: list[dict[str, Any]] | None = None
    reported: list[int] = field(default_factory=list)


def _team_skill(team: Team, s: StrategyParams) -> float:
    """Chance the team finds each wet container (best member's skill, medic bonus, fatigue)."""
    lead = max(m.skill for m in team.members)
    tired = sum(m.fatigue for m in team.members) / len(team.members)
    bonus = 1.0 + (s.inspection.medic_quality_bonus if team.has_medic else 0.0)
    return float(min(0.99, lead * bonus * (1.0 - 0.3 * tired)))


def inspect_household(model: CampaignModel, team: Team, hh: int, ctx: DayContext,
                      rng: np.random.Generator, recheck: bool = False,
                      skill: float | None = None) -> None:
    """The six steps (or the idle-house routine) in household ``hh``.

    ``skill`` is the team's chance to find a container (computed once per day by
    :func:`work_team_day`; derived from the team when not given).
    """
    s = model.params.strategy
    ins = s.inspection
    sites = model.sites
    idle = bool(model.village.hh_idle[hh])
    if skill is None:
        skill = _team_skill(team, s)
    # Untrained staff also clear less well (flip, scrub, change the water properly).
    thoroughness = 0.7 + 0.3 * min(1.0, skill / max(s.workforce.trained_skill, 1e-9))
    p_clear = (ins.p_clear_found_idle if idle else ins.p_clear_found) * thoroughness
    # A house has one or two containers: plain Python beats numpy on such tiny sets.
    found: list[int] = []
    cleared: list[int] = []
    positive_found = 0
    wet, immatures, keeps_water = sites.wet, sites.immatures, sites.keeps_water
    for site in sites.household_sites[hh]:
        if not wet[site] or rng.random() >= skill:
            continue
        found.append(site)
        if immatures[site].any():
            positive_found += 1
        if rng.random() < p_clear:
            cleared.append(site)
            immatures[site] = 0
            if not keeps_water[site]:
                wet[site] = False
            elif ins.larvicide:
                sites.treated_until[site] = max(sites.treated_until[site],
                                                ctx.day + ins.larvicide_persistence_days)
    found_n, cleared_n = len(found), len(cleared)
    setting = SETTING_NAMES[1] if idle else SETTING_NAMES[0]
    c = ctx.counters
    c["sites_found_today"] += found_n
    c["sites_cleared_today"] += cleared_n
    c[f"sites_found_{setting}"] += found_n
    c[f"sites_cleared_{setting}"] += cleared_n
    c["households_visited_today"] += 1
    if recheck:
        c["rechecks_today"] += 1
        if found_n:
            ctx.rechecks.append((ctx.day + ins.recheck_after_days, hh))
    elif ins.recheck_fraction > 0 and rng.random() < ins.recheck_fraction:
        ctx.rechecks.append((ctx.day + ins.recheck_after_days, hh))
    model.surveillance.record_inspection(hh, positive_found, ctx.day)
    ctx.last_visit_day[hh] = ctx.day
    cell = int(model.village.hh_cell[hh])
    if ins.indoor_knockdown > 0:
        ctx.kill_cell[cell] = 1.0 - (1.0 - ctx.kill_cell[cell]) * (1.0 - ins.indoor_knockdown)
    if not idle:
        _teach_and_screen(model, team, hh, ctx, rng)
    if ctx.events is not None:
        x, y = divmod(cell, model.village.height)
        ctx.events.append({"day": ctx.day, "action": "idle_house" if idle else "inspect",
                           "team": team.team_id, "household": hh, "cell_x": x, "cell_y": y,
                           "detail": f"found={found_n} cleared={cleared_n}"})


def _teach_and_screen(model: CampaignModel, team: Team, hh: int, ctx: DayContext,
                      rng: np.random.Generator) -> None:
    s = model.params.strategy
    a = model.awareness
    a[hh] += s.inspection.teach_awareness_gain * (1.0 - a[hh])
    first = model.households[hh].people
    people = np.arange(first.start, first.stop)
    if s.publicity.coils and people.size:
        ctx.coil_until[people] = ctx.day + s.publicity.coil_days
    if s.inspection.fever_screening and people.size:
        pop = model.population
        ill = people[(pop.state[people] == HumanState.INFECTIOUS) & pop.symptomatic[people]
                     & ~pop.reported[people]]
        sens = (s.inspection.screening_sensitivity_with_medic if team.has_medic
                else s.inspection.screening_sensitivity_without_medic)
        found = ill[rng.random(ill.size) < sens]
        new = pop.report_now(found, ctx.day)
        ctx.counters["cases_found_by_screening"] += int(new.size)
        ctx.reported.extend(new.tolist())


def _visit_minutes(model: CampaignModel, team: Team, hh: int, from_cell: int) -> float:
    ins = model.params.strategy.inspection
    v = model.village
    has_grid = team.has_grid_worker
    fx, fy = divmod(from_cell, v.height)
    dist = max(abs(int(v.hh_x[hh]) - fx), abs(int(v.hh_y[hh]) - fy))
    minutes = dist * ins.walk_minutes_per_cell
    minutes += ins.entry_minutes_with_grid_worker if has_grid else ins.entry_minutes
    if v.hh_idle[hh]:
        minutes += ins.unlock_minutes_with_grid_worker if has_grid else ins.unlock_minutes
        minutes += ins.idle_routine_minutes
    else:
        minutes += ins.inspection_minutes
    return minutes


def work_team_day(model: CampaignModel, team: Team, ctx: DayContext, rng: np.random.Generator,
                  rechecks: list[int]) -> int:
    """Walk the team's queue (rechecks first) until its working time runs out.

    Returns:
        Households visited.
    """
    s = model.params.strategy
    tired = sum(m.fatigue for m in team.members) / len(team.members)
    team.minutes_left = s.workforce.hours_per_day * 60.0 * (1.0 - 0.3 * tired)
    skill = _team_skill(team, s)
    here = team.members[0].cell
    cell = here.coordinate[0] * model.village.height + here.coordinate[1]
    visited = 0
    last_hh = -1
    plan = [(h, True) for h in rechecks] + [(h, False) for h in team.queue]
    for hh, is_recheck in plan:
        need = _visit_minutes(model, team, hh, cell)
        if need > team.minutes_left:
            break
        team.minutes_left -= need
        cell = int(model.village.hh_cell[hh])
        if model.village.hh_idle[hh] and model.households[hh].locked:
            ctx.counters["idle_houses_opened_today"] += 1
        inspect_household(model, team, hh, ctx, rng, recheck=is_recheck, skill=skill)
        visited += 1
        last_hh = hh
    if last_hh >= 0:  # the team ends its day at the last house it visited
        hh_cell = model.households[last_hh].cell
        for m in team.members:
            m.cell = hh_cell
    return visited
