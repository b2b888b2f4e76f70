"""Targeting: which households each team visits today (uniform sweep or ring zoning)."""

from __future__ import annotations

import numpy as np

from sim.campaign.known import KnownState
from sim.campaign.params import TargetingParams
from sim.campaign.rings import RingManager
from sim.campaign.teams import Team

__all__ = ["MAX_QUEUE", "Targeting", "sweep_order"]

#: Households handed to a team per day (more than any team can visit in a day).
MAX_QUEUE = 80


def sweep_order(hh_x: np.ndarray, hh_y: np.ndarray, hh_group: np.ndarray, group: int) -> np.ndarray:
    """Households of ``group`` in a serpentine walk: column by column, alternating direction."""
    idx = np.flatnonzero(hh_group == group)
    x, y = hh_x[idx], hh_y[idx]
    y_key = np.where(x % 2 == 0, y, -y)
    return idx[np.lexsort((y_key, x))]


class Targeting:
    """Builds each team's queue for the day from what is known."""

    def __init__(self, params: TargetingParams, known: KnownState, chunk: int = 30) -> None:
        self.p = params
        #: Households handed to one team at a time: a little more than a day's work.
        self.chunk = max(1, min(chunk, MAX_QUEUE))
        self.rings = RingManager(params)
        cells_x = (known.hh_x_m // known.cell_size_m).astype(int)
        cells_y = (known.hh_y_m // known.cell_size_m).astype(int)
        n_groups = int(known.hh_group.max()) + 1 if known.hh_group.size else 0
        self._orders = [sweep_order(cells_x, cells_y, known.hh_group, g) for g in range(n_groups)]

    @property
    def uses_rings(self) -> bool:
        """Whether ring zoning is part of the targeting."""
        return self.p.mode in ("ring", "ring_then_sweep")

    def assign(self, teams: list[Team], known: KnownState, sweep_only: bool = False) -> None:
        """Fill ``team.queue`` for every team (in place)."""
        for t in teams:
            t.queue = []
        if not teams or (self.p.mode == "none" and not sweep_only):
            return
        idle_ok = self.p.include_idle_houses
        free = list(teams)
        taken: set[int] = set()
        if self.uses_rings and not sweep_only:
            due = self.rings.due(known, idle_ok)
            if due:
                n = min(len(free), max(1, -(-len(due) // self.chunk)))
                chunk = -(-len(due) // n)
                for k, t in enumerate(free[:n]):
                    t.queue = due[k * chunk:(k + 1) * chunk][:MAX_QUEUE]
                    taken.update(t.queue)
                free = free[n:]
        if sweep_only or self.p.mode in ("sweep", "ring_then_sweep"):
            self._sweep(free, known, taken, idle_ok)

    def _sweep(self, teams: list[Team], known: KnownState, taken: set[int], idle_ok: bool) -> None:
        by_group: dict[int, list[Team]] = {}
        for t in teams:
            group = t.members[0].group if t.members else 0
            by_group.setdefault(max(group, 0) % max(len(self._orders), 1), []).append(t)
        last = known.last_visit_day
        for group, group_teams in by_group.items():
            order = self._orders[group]
            if not idle_ok:
                order = order[~known.hh_idle[order]]
            due = order[(last[order] < 0) | (last[order] <= known.day - self.p.sweep_revisit_days)]
            due = [h for h in due.tolist() if h not in taken]
            for k, t in enumerate(group_teams):
                t.queue = due[k * self.chunk:(k + 1) * self.chunk]
