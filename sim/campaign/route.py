"""The visit teams' day: how far each team's time goes down its queue, then the work, batched.

Each team walks its queue in order (rechecks and construction checks first, as
:mod:`sim.campaign.targeting` puts them) from where its leader starts. Each
item costs the walk from the previous item (Chebyshev distance in cells x
``walk_minutes_per_cell``) plus its own time: entering a house, unlocking an
idle house once (the grid worker who holds the keys is quick; an idle house
nobody in the team may unlock is passed by), the idle-house routine or the
six-step inspection, or a construction-site check. A team stops at the first
item its remaining time cannot cover; work it had no time for stays due.

The minutes of every team's queue are worked out at once, and all houses
reached today are inspected in one batch
(:func:`sim.campaign.actions.inspect_households`), teams in order. A house on
two lists is worked in runs of distinct houses, so the second visit sees what
the first left. Locks are read at the start of the day: a house another team
opened earlier the same day still costs its unlocking time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.campaign.actions import DayContext, TeamDay, Visits, inspect_households
from sim.campaign.teams import CONSTRUCTION, RECHECK, WORK_KINDS, Team

if TYPE_CHECKING:
    from sim.campaign.outdoor import Outdoor

__all__ = ["Routes", "plan_routes", "work_visit_teams"]



@dataclass(frozen=True)
class Routes:
    """The items the teams have time for today, team by team and in queue order.

    Attributes:
        team: index of the team (in the list planned) of each item.
        kind: kind of each item (:data:`sim.campaign.teams.WORK_KINDS`).
        target: household or construction site of each item.
        cell: where the item is.
        start: each team's starting cell.
        minutes_left: each team's working time left after its items (min).
    """

    team: np.ndarray
    kind: np.ndarray
    target: np.ndarray
    cell: np.ndarray
    start: np.ndarray
    minutes_left: np.ndarray


def _concatenated(teams: list[Team], column: str, dtype: type) -> np.ndarray:
    lists = [getattr(t.queue, column) for t in teams]
    return np.fromiter(itertools.chain.from_iterable(lists), dtype=dtype, count=sum(map(len, lists)))


def plan_routes(teams: list[Team], ctx: DayContext) -> Routes:
    """How far each team gets today (each team's ``minutes_left`` is its budget)."""
    ins, v = ctx.strategy.inspection, ctx.world.village
    team = np.repeat(np.arange(len(teams)), [len(t.queue) for t in teams])
    n = team.size
    kind = _concatenated(teams, "kind", np.int8)
    target = _concatenated(teams, "target", np.int64)
    house = kind != CONSTRUCTION
    hh = np.where(house, target, 0)
    cell = np.where(house, v.hh_cell[hh], _concatenated(teams, "cell", np.int64))
    idle = house & v.hh_idle[hh]
    locked = idle & ctx.world.hh_locked[hh]
    unlock = np.array([np.nan if t.unlock_minutes is None else t.unlock_minutes for t in teams])
    can_unlock = ~np.isnan(unlock[team]) if n else np.zeros(0, dtype=bool)
    first = np.zeros(n, dtype=bool)  # a house opened earlier in a team's queue stays open
    key = np.where(house, team * v.n_households + hh, -1 - np.arange(n))
    first[np.unique(key, return_index=True)[1]] = True
    keep = ~locked | can_unlock  # nobody may unlock: locked idle houses are passed by
    team, target, cell, kind, idle = team[keep], target[keep], cell[keep], kind[keep], idle[keep]
    charge_unlock = (locked & first)[keep]
    entry = np.array([t.entry_minutes for t in teams])
    own = np.where(kind == CONSTRUCTION, ctx.strategy.outdoor.construction_check_minutes,
                   entry[team] + np.where(idle, ins.idle_routine_minutes, ins.inspection_minutes)
                   + np.where(charge_unlock, np.nan_to_num(unlock[team]), 0.0))
    start = np.array([_leader_cell(t, v.height) for t in teams], dtype=np.int64)
    new_team = np.r_[True, team[1:] != team[:-1]] if team.size else np.zeros(0, dtype=bool)
    previous = np.where(new_team, start[team], np.r_[0, cell[:-1]] if cell.size else cell)
    walk = np.maximum(np.abs(cell // v.height - previous // v.height),
                      np.abs(cell % v.height - previous % v.height)) * ins.walk_minutes_per_cell
    cost = walk + own
    total = np.cumsum(cost)
    firsts = np.flatnonzero(new_team)
    spent = total - np.repeat((total - cost)[firsts], np.diff(np.r_[firsts, team.size]))
    budget = np.array([t.minutes_left for t in teams])
    done = spent <= budget[team]  # time only grows along a queue: a prefix of each team's items
    used = np.zeros(len(teams))
    np.maximum.at(used, team[done], spent[done])
    return Routes(team[done], kind[done], target[done], cell[done], start, budget - used)


def _leader_cell(team: Team, height: int) -> int:
    x, y = team.members[0].position
    return x * height + y


def work_visit_teams(teams: list[Team], ctx: DayContext, outdoor: Outdoor) -> list[Team]:
    """Plan and do the day's work of the visit ``teams``; returns those that did some."""
    strategy, world = ctx.strategy, ctx.world
    height = world.village.height
    penalty = strategy.workforce.fatigue_penalty
    for team in teams:
        team.minutes_left = team.hours * 60.0 * (1.0 - penalty * team.fatigue)
    abilities = [TeamDay.of(t, strategy.inspection, penalty) for t in teams]
    routes = plan_routes(teams, ctx)
    detail: list[str] = [""] * routes.team.size
    construction = routes.kind == CONSTRUCTION
    for j in np.flatnonzero(construction).tolist():
        site = int(routes.target[j])
        outdoor.check_construction(site, ctx.day, ctx.counters)
        detail[j] = f"site={site}"
    houses = np.flatnonzero(~construction)
    for run in _distinct_runs(routes.target[houses].tolist()):
        _work_houses(houses[run], routes, abilities, ctx, detail)
    if ctx.events is not None:
        _log(ctx, teams, routes, detail, height)
    working = []
    # routes.team is sorted (each team's done items are a prefix of its queue, teams in order)
    bounds = np.searchsorted(routes.team, np.arange(len(teams) + 1)).tolist()
    cells = routes.cell.tolist()
    for t, team in enumerate(teams):
        team.minutes_left = float(routes.minutes_left[t])
        mine = cells[bounds[t]:bounds[t + 1]]
        team.route = [int(routes.start[t]), *mine]
        if mine:  # the team ends its day where it stopped
            end = divmod(mine[-1], height)
            for m in team.members:
                m.position = end
                world.grid.moved(m)
            working.append(team)
    return working


def _work_houses(rows: np.ndarray, routes: Routes, abilities: list[TeamDay], ctx: DayContext,
                 detail: list[str]) -> None:
    """Open the locked idle houses among the items ``rows`` (distinct houses) and inspect them."""
    world = ctx.world
    hh, recheck = routes.target[rows], routes.kind[rows] == RECHECK
    opened = world.hh_locked[hh].copy()
    world.hh_locked[hh] = False
    ctx.counters["idle_houses_opened_today"] += int(opened.sum())
    for h in hh[recheck].tolist():
        ctx.rechecks.pop(h, None)  # done (inspect_households books another if needed)
    found, cleared = inspect_households(Visits(hh, recheck, routes.team[rows], abilities), ctx)
    if ctx.events is not None:
        for i, j in enumerate(rows.tolist()):
            detail[j] = (f"found={found[i]} cleared={cleared[i]}" + (" opened=1" if opened[i] else "")
                         + (" recheck=1" if recheck[i] else ""))


def _log(ctx: DayContext, teams: list[Team], routes: Routes, detail: list[str], height: int) -> None:
    hh_idle = ctx.world.village.hh_idle
    for j, (t, kind, target, cell) in enumerate(zip(routes.team.tolist(), routes.kind.tolist(),
                                                    routes.target.tolist(), routes.cell.tolist(),
                                                    strict=True)):
        house = kind != CONSTRUCTION
        action = ("idle_house" if hh_idle[target] else "inspect") if house else WORK_KINDS[kind]
        x, y = divmod(cell, height)
        ctx.events.append({"day": ctx.day, "action": action, "team": teams[t].team_id,
                           "household": target if house else -1, "cell_x": x, "cell_y": y,
                           "detail": detail[j]})


def _distinct_runs(targets: list[int]) -> list[np.ndarray]:
    """Split positions ``0..len-1`` into consecutive runs without a repeated target."""
    runs: list[list[int]] = [[]]
    seen: set[int] = set()
    for j, t in enumerate(targets):
        if t in seen:
            runs.append([])
            seen = set()
        runs[-1].append(j)
        seen.add(t)
    return [np.asarray(r, dtype=np.int64) for r in runs if r]
