"""Publicity: leaflets, loudspeakers, short videos, dialect talks, and mosquito coils.

Each wartime event reaches one group and closes a share of the gap to full
awareness (diminishing returns as awareness rises). Groups with open rings are
served first. Coils handed out at an event protect the group's residents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.campaign.params import PublicityParams

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["Publicity"]


class Publicity:
    """Raises household awareness zone by zone and hands out coils."""

    def __init__(self, params: PublicityParams, n_groups: int, rng: np.random.Generator) -> None:
        self.p = params
        self.rng = rng
        self.gain = 1.0 - float(np.prod([1.0 - g for g in params.channels.values()]))
        self.n_groups = n_groups
        self._cursor = 0

    def peacetime(self, model: CampaignModel, day: int) -> None:
        """Low-intensity publicity once a week for the whole village."""
        if self.p.peacetime_gain_per_week > 0 and day % 7 == 0:
            a = model.awareness
            a += self.p.peacetime_gain_per_week * (1.0 - a)

    def wartime(self, model: CampaignModel, day: int, priority_groups: list[int],
                coil_until: np.ndarray, counters: dict[str, int]) -> None:
        """Today's events: ``events_per_day`` on average (Poisson), priority groups first."""
        if not self.p.enabled or self.n_groups == 0:
            return
        n = int(self.rng.poisson(self.p.events_per_day))
        v = model.village
        for k in range(n):
            if k < len(priority_groups):
                group = priority_groups[k]
            else:
                group = self._cursor % self.n_groups
                self._cursor += 1
            in_group = np.flatnonzero(v.hh_group == group)
            a = model.awareness
            a[in_group] += self.gain * (1.0 - a[in_group])
            if self.p.coils:
                people = np.flatnonzero(np.isin(model.population.household, in_group))
                coil_until[people] = day + self.p.coil_days
            counters["publicity_events"] += 1
