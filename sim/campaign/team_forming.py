"""Forming the day's teams from the staff on duty.

The strategy lists team shapes in order (``strategy.workforce.teams``). For each
shape, as many teams as the staff on duty allow (up to ``max_teams``) are
formed, then its fallback shapes from the people left over. The teams of a
shape are spread over the areas in proportion to a weight (houses, or known
risk), not in the order staff happen to be listed: each area's teams are led
by members of that area where there are enough, else by the nearest area's,
and filled with members from the leader's area first, then the nearest areas.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

import numpy as np

from sim.campaign.areas import Areas, largest_remainder
from sim.campaign.staff import StaffMember
from sim.campaign.teams import Team
from sim.params.organisation import fallback_chain
from sim.params.workforce import TeamShapeParams

__all__ = ["StaffPool", "form_teams"]


class StaffPool:
    """Today's unassigned staff, by role and by area (``-1``: members of no area)."""

    def __init__(self, members: Sequence[StaffMember], areas: Areas) -> None:
        self.areas = areas
        self._by: dict[str, dict[int, deque[StaffMember]]] = {}
        for m in sorted(members, key=lambda a: (a.role, a.area, a.unique_id)):
            self._by.setdefault(m.role, {}).setdefault(m.area, deque()).append(m)
        self._count = {r: sum(len(q) for q in by.values()) for r, by in self._by.items()}
        centres = areas.centre_xy
        d = np.hypot(centres[:, None, 0] - centres[None, :, 0], centres[:, None, 1] - centres[None, :, 1])
        #: For each area, every area from the nearest (itself) to the farthest.
        self._nearest = np.argsort(d, axis=1, kind="stable")
        #: Where :meth:`take` looks, in turn, for members for an area (and for no area).
        self._orders = [[a, -1, *row[1:].tolist()] for a, row in enumerate(self._nearest)]
        self._anywhere = [-1, *range(areas.n)]

    def count(self, role: str) -> int:
        """Unassigned members of ``role``."""
        return self._count.get(role, 0)

    def available(self, role: str, area: int) -> int:
        """Unassigned members of ``role`` who belong to ``area``."""
        return len(self._by.get(role, {}).get(area, ()))

    def take(self, role: str, area: int, n: int, own_only: bool = False) -> list[StaffMember]:
        """Up to ``n`` members of ``role``: from ``area``, then members of no area, then the
        nearest areas (only ``area`` and members of no area if ``own_only``)."""
        by = self._by.get(role, {})
        if own_only:
            order = [area, -1]
        elif area < 0:
            order = self._anywhere
        else:
            order = self._orders[area]
        out: list[StaffMember] = []
        for a in order:
            q = by.get(a)
            while q and len(out) < n:
                out.append(q.popleft())
            if len(out) == n:
                break
        self._count[role] = self._count.get(role, 0) - len(out)
        return out


def _feasible(shape: TeamShapeParams, pool: StaffPool) -> int:
    return min(pool.count(role) // n for role, n in shape.roles.items())


def form_teams(on_duty: Sequence[StaffMember], order: Sequence[str], max_teams: Mapping[str, int],
               shapes: Mapping[str, TeamShapeParams], areas: Areas, weights: np.ndarray,
               first_id: int, default_hours: float) -> list[Team]:
    """Teams of the listed shapes (with fallbacks) from ``on_duty``, spread over the areas.

    Args:
        on_duty: today's staff.
        order: team shapes in the order they are formed.
        max_teams: most teams a day per listed shape (others unlimited).
        shapes: every team shape by name.
        areas: the village's areas.
        weights: share of teams each area should get (houses, or known risk).
        first_id: id of the first team formed.
        default_hours: working hours of shapes that do not set their own.
    """
    pool = StaffPool(on_duty, areas)
    teams: list[Team] = []
    for name in order:
        room = max_teams.get(name)
        for shape_name in fallback_chain(name, shapes):
            shape = shapes[shape_name]
            n = _feasible(shape, pool)
            if room is not None:
                n = min(n, room)
            if n <= 0:
                continue
            formed = 0
            quota = _spread(n, shape, pool, areas, weights)
            lead, per_team = shape.leader_role, shape.roles[shape.leader_role]
            # First every area forms the teams its own leaders can lead, then the rest of
            # each quota is led by members lent from the nearest areas.
            own = {a: min(k, pool.available(lead, a) // per_team) for a, k in quota}
            for area, k in [*own.items(), *((a, k - own[a]) for a, k in quota)]:
                for _ in range(k):
                    members = _fill(shape, area, pool)
                    team = Team.of_shape(first_id + len(teams), members, shape_name, shape, default_hours)
                    team.area = area
                    teams.append(team)
                    formed += 1
            if room is not None:
                room -= formed
    return teams


def _spread(n: int, shape: TeamShapeParams, pool: StaffPool, areas: Areas,
            weights: np.ndarray) -> list[tuple[int, int]]:
    """How many of ``n`` teams each area gets: in proportion to ``weights``; a team whose
    shape holds its area is only placed where its leader's role has members."""
    quota = largest_remainder(weights, n)
    if shape.area_mode == "hold":
        lead = shape.leader_role
        have = np.array([pool.available(lead, a) // shape.roles[lead] for a in range(areas.n)])
        quota = np.minimum(quota, have)
        short = n - int(quota.sum())
        while short > 0 and (room := have - quota).any():
            quota[int(np.argmax(room))] += 1
            short -= 1
    return [(a, int(k)) for a, k in enumerate(quota) if k > 0]


def _fill(shape: TeamShapeParams, area: int, pool: StaffPool) -> list[StaffMember]:
    """Leader first from ``area`` (else the nearest), then the others near the leader."""
    lead_role = shape.leader_role
    own = shape.area_mode == "hold"
    members = pool.take(lead_role, area, 1, own_only=own) or pool.take(lead_role, area, 1)
    home = members[0].area if members[0].area >= 0 else area
    for role, count in shape.roles.items():
        need = count - (1 if role == lead_role else 0)
        if need:
            members += pool.take(role, home, need)
    return members
