"""Targeting: the houses each visit team works today, from what is known.

In order: quality rechecks that are due (they wait until a team reaches them),
construction-site checks, ring work (core first, handed to the nearest free
teams), then sweeps. A sweeping team works its area in a serpentine walk; when
its area has nothing left due it helps the nearest area that has (unless its
shape holds its area). Roaming teams go to the areas with the most work due.
When the sweeping teams cannot visit every house within the revisit interval,
the day is counted as a coverage shortfall.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from sim.campaign.areas import Areas, largest_remainder
from sim.campaign.known import KnownState
from sim.campaign.rings import RingManager
from sim.campaign.teams import CONSTRUCTION, RECHECK, Team, WorkQueue
from sim.params.actions import InspectionParams
from sim.params.strategy import TargetingParams

__all__ = ["MAX_QUEUE", "SweepCapacity", "Targeting", "visits_per_day"]

#: Most houses handed to a team in a day (more than any team visits in a day).
MAX_QUEUE = 120


def visits_per_day(team: Team, ins: InspectionParams, fatigue_penalty: float) -> float:
    """Houses a visit team can inspect in its working day (occupied houses, one cell apart)."""
    minutes = team.hours * 60.0 * (1.0 - fatigue_penalty * team.fatigue)
    per_visit = team.entry_minutes + ins.inspection_minutes + 2 * ins.walk_minutes_per_cell
    return minutes / per_visit


@dataclass(frozen=True)
class SweepCapacity:
    """Today's sweep: houses to cover per day to keep the revisit interval, and what
    the ``teams`` free of ring work can do (houses per day)."""

    houses: int
    needed_per_day: float
    capacity_per_day: float
    teams: int

    @property
    def short(self) -> bool:
        """The staff cannot cover the area within the revisit interval."""
        return self.capacity_per_day < self.needed_per_day


class Targeting:
    """Builds every visit team's queue for the day."""

    def __init__(self, params: TargetingParams, inspection: InspectionParams, fatigue_penalty: float,
                 areas: Areas) -> None:
        self.p = params
        self.ins = inspection
        self.penalty = fatigue_penalty
        self.areas = areas
        self.rings = RingManager(params)

    def weights(self, known: KnownState) -> np.ndarray:
        """Share of teams each area should get: its houses, or known risk (recent reported
        cases, plus one case spread over the village by houses)."""
        houses = self.areas.houses.astype(float)
        if self.p.allocation == "houses" or houses.sum() == 0:
            return houses
        s = known.surveillance
        first = bisect_left(s.case_day, known.day - self.p.case_window_days)  # reports are in day order
        recent = np.asarray(s.case_household[first:], dtype=np.int64)
        cases = np.bincount(self.areas.area_of_household[recent], minlength=self.areas.n)
        return cases + houses / houses.sum()

    def assign(self, teams: list[Team], known: KnownState, rechecks: list[int],
               construction: list[tuple[int, int]], sweep_only: bool = False) -> SweepCapacity | None:
        """Fill the queue of every visit team (in place).

        Args:
            teams: today's teams (only ``work == "visit"`` teams get houses).
            known: what the campaign knows today.
            rechecks: households whose quality recheck is due.
            construction: due construction-site checks as ``(construction site, cell)``.
            sweep_only: peacetime routine work (sweeps, no rings).

        Returns:
            Today's sweep capacity, or None if nobody sweeps today.
        """
        visit = [t for t in teams if t.work == "visit"]
        for t in visit:
            t.queue = WorkQueue()
        if not visit:
            return None
        xy = np.array([t.position if t.position is not None else (0, 0) for t in visit], dtype=float)
        chunk = [min(MAX_QUEUE, math.ceil(1.5 * visits_per_day(t, self.ins, self.penalty)) + 1)
                 for t in visit]
        taken = self._rechecks(visit, xy, rechecks, known)
        self._construction(visit, xy, construction, known)
        busy: set[int] = set()
        if self.p.uses_rings and not sweep_only:
            busy = self._rings(visit, xy, chunk, known, taken)
        if sweep_only or self.p.sweeps:
            return self._sweep(visit, xy, chunk, known, taken, busy)
        return None

    # --- the parts of the day -------------------------------------------------
    @staticmethod
    def _nearest(xy: np.ndarray, x: float, y: float, allowed: np.ndarray) -> int:
        """The team nearest (x, y) among those ``allowed`` (a mask; the lowest index among equals)."""
        return int(np.argmin(np.where(allowed, np.hypot(xy[:, 0] - x, xy[:, 1] - y), np.inf)))

    def _rechecks(self, visit: list[Team], xy: np.ndarray, rechecks: list[int],
                  known: KnownState) -> set[int]:
        """Each due recheck goes to a team working the house's area, else the nearest team."""
        area_of = self.areas.area_of_household
        movable = np.array([t.area_mode != "hold" for t in visit], dtype=bool)
        by_area: dict[int, list[int]] = {}
        for k, t in enumerate(visit):
            by_area.setdefault(t.area, []).append(k)
        for hh in rechecks:
            same = by_area.get(int(area_of[hh]), [])
            hx, hy = divmod(int(known.hh_cell[hh]), known.height)
            if same:
                k = min(same, key=lambda j: (len(visit[j].queue), visit[j].team_id))
            elif movable.any():
                k = self._nearest(xy, hx, hy, movable)
            else:
                continue  # nobody may leave their area: the recheck waits
            visit[k].queue.add(RECHECK, hh)
        return set(rechecks)

    def _construction(self, visit: list[Team], xy: np.ndarray, checks: list[tuple[int, int]],
                      known: KnownState) -> None:
        area_of_cell = self.areas.area_of_cell
        for site, cell in checks:
            able = np.array([t.may("construction") and (t.area_mode != "hold" or t.area == area_of_cell[cell])
                             for t in visit], dtype=bool)
            if able.any():
                x, y = divmod(cell, known.height)
                visit[self._nearest(xy, x, y, able)].queue.add(CONSTRUCTION, site, cell)

    def _rings(self, visit: list[Team], xy: np.ndarray, chunk: list[int], known: KnownState,
               taken: set[int]) -> set[int]:
        """Hand the due ring houses, in pieces of a day's work, to the nearest free teams.
        Teams that hold their area do not take ring pieces (a ring crosses areas); ring houses
        left over are swept with the rest of their area."""
        due = self.rings.due_houses(known, self.p.include_idle_houses)
        if taken:
            due = due[~np.isin(due, np.fromiter(taken, dtype=np.int64, count=len(taken)))]
        due = due.tolist()
        free = np.array([t.area_mode != "hold" for t in visit], dtype=bool)
        busy: set[int] = set()
        size = int(np.median(chunk))
        for start in range(0, len(due), size):
            if not free.any():
                break
            piece = due[start:start + size]
            hx, hy = divmod(int(known.hh_cell[piece[0]]), known.height)
            k = self._nearest(xy, hx, hy, free)
            visit[k].queue.add_houses(piece)
            taken.update(piece)
            free[k] = False
            busy.add(k)
        return busy

    def _sweep(self, visit: list[Team], xy: np.ndarray, chunk: list[int], known: KnownState,
               taken: set[int], busy: set[int]) -> SweepCapacity:
        """Each sweeping team works its area; teams with nothing left help the nearest area."""
        areas, last = self.areas, known.last_visit_day
        due_by_area = []
        for order in areas.households:
            if not self.p.include_idle_houses:
                order = order[~known.hh_idle[order]]
            due = order[(last[order] < 0) | (last[order] <= known.day - self.p.sweep_revisit_days)]
            due_by_area.append([h for h in due.tolist() if h not in taken])
        sweepers = [k for k in range(len(visit)) if k not in busy]
        self._place_roamers(visit, xy, chunk, [k for k in sweepers if visit[k].area_mode == "roam"],
                            due_by_area)
        cursor = [0] * areas.n
        idle: list[int] = []
        for k in sorted(sweepers, key=lambda j: (visit[j].area, visit[j].team_id)):
            a = visit[k].area  # first every team takes work in its own area ...
            if a >= 0 and cursor[a] < len(due_by_area[a]):
                cursor[a] = self._take(visit[k], due_by_area[a], cursor[a], chunk[k])
            elif visit[k].area_mode != "hold":
                idle.append(k)
        for k in idle:  # ... then teams with nothing left help the nearest area that has work
            left = [b for b in range(areas.n) if cursor[b] < len(due_by_area[b])]
            if not left:
                break
            a = left[int(np.argmin(areas.distance(-1, *xy[k])[left]))]
            visit[k].area = a
            cursor[a] = self._take(visit[k], due_by_area[a], cursor[a], chunk[k])
        scope = sum(o.size if self.p.include_idle_houses else int((~known.hh_idle[o]).sum())
                    for o in areas.households)
        capacity = sum(visits_per_day(visit[k], self.ins, self.penalty) for k in sweepers)
        return SweepCapacity(scope, scope / self.p.sweep_revisit_days, capacity, len(sweepers))

    @staticmethod
    def _take(team: Team, due: list[int], cursor: int, n: int) -> int:
        """Give ``team`` the next ``n`` due houses from ``cursor``; returns the new cursor."""
        piece = due[cursor:cursor + n]
        team.queue.add_houses(piece)
        return cursor + len(piece)

    def _place_roamers(self, visit: list[Team], xy: np.ndarray, chunk: list[int], roamers: list[int],
                       due_by_area: list[list[int]]) -> None:
        """Roaming teams go to areas in proportion to the houses due there (each area no more
        teams than its due houses need), each to the nearest area with room left."""
        if not roamers:
            return
        due = np.array([len(d) for d in due_by_area], dtype=float)
        typical = max(int(np.median([chunk[k] for k in roamers])), 1)
        room = np.minimum(largest_remainder(due, len(roamers)), np.ceil(due / typical)).astype(int)
        for k in roamers:
            open_ = np.flatnonzero(room > 0)
            if open_.size == 0:
                open_ = np.flatnonzero(due > 0)
                if open_.size == 0:
                    return
            a = int(open_[np.argmin(self.areas.distance(-1, *xy[k])[open_])])
            room[a] -= 1
            visit[k].area = a

