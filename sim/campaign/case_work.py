"""Case work outside houses: fever checkpoints and isolation of reported cases.

Both act on what is known or observed, never on the hidden state: isolation
takes every *reported* case (whatever their true state now) for
``isolation_days`` after the report; a checkpoint asks passers-by about fever,
and only ill people who show it can be recognised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.campaign.actions import DayContext, screen_people
from sim.campaign.teams import Team

if TYPE_CHECKING:
    from sim.world import World

__all__ = ["Isolation", "checkpoints"]


def checkpoints(teams: list[Team], ctx: DayContext) -> int:
    """Checkpoint teams each check ``checkpoint_people_per_team_day`` residents passing a
    village entrance (drawn at random) for fever. Returns the cases newly reported."""
    n_people = ctx.world.population.n
    per_team = ctx.strategy.inspection.checkpoint_people_per_team_day
    if not teams or n_people == 0 or per_team == 0:
        return 0
    rng = ctx.world.streams["campaign.checkpoint"]
    found = 0
    for team in teams:
        passers = rng.choice(n_people, size=min(per_team, n_people), replace=False)
        found += screen_people(passers, team.screening_sensitivity, ctx)
        ctx.counters["people_checked_today"] += int(passers.size)
    return found


class Isolation:
    """Isolates every reported case under nets until ``isolation_days`` after its report."""

    def __init__(self) -> None:
        self._done_upto = 0

    def step(self, world: World, isolation_days: int) -> int:
        """Isolate the cases reported since the last call, until ``isolation_days`` after
        their report; returns how many."""
        s = world.surveillance
        people = np.asarray(s.case_person[self._done_upto:], dtype=np.int64)
        reported = np.asarray(s.case_day[self._done_upto:], dtype=np.int64)
        self._done_upto = s.n_cases
        until = reported + isolation_days
        keep = until >= world.day  # cases reported before the campaign began may be past it
        if keep.any():
            iso = world.protections.isolated_until
            iso[people[keep]] = np.maximum(iso[people[keep]], until[keep])
        return int(keep.sum())
