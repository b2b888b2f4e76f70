"""Towns' hospitals: the medics belong to a town and go where its cases are reported.

With ``district.command.medics=town``, a town's hospital holds the medics of all its
villages (each village's share of the ``staffing`` preset's medics, summed: the district
has as many medics as with ``village``). Every village of the town has the whole hospital
on its roster, and each day the hospital decides how many of them each village may field
(:attr:`sim.campaign.workforce.Workforce.medic_cap`): in proportion to the cases the
village reported over the last 7 days, by houses while the town has reported none, in
whole people (:func:`sim.district.command.allocate`). A medic is in one village a day:
the caps of a town's villages add up to the hospital's medics.

In a full-deployment window with ``medic_rotation``, the hospital rests
``medic_rest_share`` of its medics (cadres cover for them) instead of each village
relieving its own.

Simplification: each village's copy of a hospital medic keeps its own fatigue and skill,
so a medic who worked in one village yesterday is rested in another today.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.district.command import allocate
from sim.district.place import DistrictPlace
from sim.model import CampaignModel

__all__ = ["Hospitals", "hospital_medics"]


def hospital_medics(place: DistrictPlace, own_medics: Sequence[int]) -> np.ndarray:
    """Medics of each town's hospital: the sum of its villages' own (``own_medics``, by village)."""
    return np.bincount(place.town, weights=np.asarray(own_medics, float),
                       minlength=len(place.town_names)).astype(np.int64)


class Hospitals:
    """Each day, how many of its town hospital's medics each village fields.

    Args:
        place: the map (towns, houses).
        villages: the village models, in the place's order; each has the whole hospital of
            its town on its roster.
        medics: medics of each town's hospital (:func:`hospital_medics`).
    """

    def __init__(self, place: DistrictPlace, villages: Sequence[CampaignModel], medics: np.ndarray) -> None:
        self.town = place.town
        self.households = place.households.astype(float)
        self.villages = villages
        self.medics = medics
        #: Medics sent to each village today.
        self.sent = np.zeros(len(villages), np.int64)

    def before_day(self, day: int, reported_last_week: np.ndarray) -> None:
        """Send today's medics: each town's (fewer in a full window with rotation) over its villages."""
        sent = np.zeros(len(self.villages), np.int64)
        for t, total in enumerate(self.medics.tolist()):
            mine = np.flatnonzero(self.town == t)
            if mine.size == 0 or total == 0:
                continue
            total -= self._resting(mine, day, total)
            weights = reported_last_week[mine].astype(float)
            if not weights.any():
                weights = self.households[mine]
            sent[mine] = allocate(total, weights, np.full(mine.size, self.medics[t]))
        for m, n in zip(self.villages, sent.tolist(), strict=True):
            m.campaign.workforce.medic_cap = n
        self.sent = sent

    def _resting(self, mine: np.ndarray, day: int, total: int) -> int:
        """Medics the hospital rests today: ``medic_rest_share`` of them in a full window with
        rotation (the strategy is the same in every village)."""
        first = self.villages[int(mine[0])].campaign
        wf = first.strategy.workforce
        if not wf.medic_rotation or not any(self.villages[int(v)].campaign.trigger.full_deployment(day)
                                            for v in mine):
            return 0
        return round(wf.medic_rest_share * total)

