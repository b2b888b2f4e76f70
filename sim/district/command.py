"""The district command: one trigger for all villages, and the daily echelon's allocation.

The echelon is the organisations' members sent to the villages (the unit-paired roles:
cadres and leaders); each village's own staff (grid workers, medics, volunteers) are
not part of it. Before each day the command decides how many members each village at
war may field
(:attr:`sim.campaign.workforce.Workforce.echelon_cap`), from what it knows at the end of
the day before: reported cases and the campaign's inspections, never the true state.
A village in its full-deployment window calls up everyone (the cap is lifted). With
``trigger_scope=district``, every village switches to wartime on the day the
district's reported cases reach the strategy's trigger.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.district.place import DistrictPlace
from sim.model import CampaignModel
from sim.params.district import CommandParams

__all__ = ["Command", "allocate"]

#: Days of reported cases and inspections the command reads (the district's weekly figures).
WINDOW_DAYS = 7


def allocate(total: int, weights: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """``total`` people split in proportion to ``weights``, none above its ``capacity``
    (what a full village cannot take goes to the others), in whole people.

    Returns an integer array that adds up to ``min(total, capacity[weights > 0].sum())``.
    """
    weights = np.asarray(weights, float)
    capacity = np.asarray(capacity, np.int64)
    given = np.zeros(weights.size, np.int64)
    left = min(int(total), int(capacity[weights > 0].sum()))
    open_ = (weights > 0) & (capacity > 0)
    while left > 0 and open_.any():
        share = left * weights * open_ / weights[open_].sum()
        whole = np.floor(share).astype(np.int64)
        rest = left - int(whole.sum())
        order = np.argsort(-(share - whole), kind="stable")
        whole[order[:rest]] += 1  # largest remainders, among open villages only
        whole = np.minimum(whole * open_, capacity - given)
        given += whole
        left -= int(whole.sum())
        open_ &= given < capacity
    return given


class Command:
    """Allocates the echelon and applies a district-wide trigger.

    Args:
        params: the command's parameters.
        echelon: people a day at this scale (0: no cap).
        place: the map (organisations' pairing, houses).
        villages: the village models, in the place's order.
    """

    def __init__(self, params: CommandParams, echelon: int, place: DistrictPlace,
                 villages: Sequence[CampaignModel]) -> None:
        self.p = params
        self.echelon = echelon
        self.villages = villages
        self.households = place.households.astype(float)
        #: Members of the organisations (unit-paired roles) in each village: the echelon's pool.
        self.pool = np.array([sum(s.params.pairing == "unit" for s in m.campaign.workforce.members)
                              for m in villages], np.int64)
        # Each organisation's share is split over its villages by houses: a village's weight
        # under "pairing" is the sum over its organisations of its share of their houses.
        org_houses: dict[int, float] = {}
        for v, orgs in enumerate(place.organisation):
            for k in orgs:
                org_houses[k] = org_houses.get(k, 0.0) + self.households[v]
        self.pairing_weight = np.array([sum(self.households[v] / org_houses[k] for k in orgs)
                                        for v, orgs in enumerate(place.organisation)])
        self.organisation = place.organisation
        self.n_organisations = len(org_houses)
        self._reported = np.zeros((WINDOW_DAYS, len(villages)), np.int64)
        self.caps = np.zeros(len(villages), np.int64)

    def before_day(self, day: int) -> None:
        """Set today's cap of every village."""
        at_war = np.array([_at_war(m, day) for m in self.villages])
        caps = np.zeros(len(self.villages), np.int64)
        if self.echelon and at_war.any():
            weights = self._weights(at_war) * at_war
            if not weights.any():  # nothing reported or found where there is war: by pairing
                weights = self.pairing_weight * at_war
            total = self.echelon
            if self.p.allocation == "pairing":  # organisations with no village at war stay home
                active = {k for v in np.flatnonzero(at_war) for k in self.organisation[v]}
                total = round(self.echelon * len(active) / self.n_organisations)
            caps = allocate(total, weights, self.pool)
        for m, at, cap in zip(self.villages, at_war.tolist(), caps.tolist(), strict=True):
            m.campaign.workforce.echelon_cap = int(cap) if (self.echelon and at) else None
        self.caps = caps

    def after_day(self, day: int) -> None:
        """Read today's reports, and switch every village if the district's trigger fired."""
        self._reported[day % WINDOW_DAYS] = [m.surveillance.reported_on(day) for m in self.villages]
        if self.p.trigger_scope != "district":
            return
        cases = sum(m.surveillance.n_cases for m in self.villages)
        if self.villages[0].campaign.trigger.fires(day, cases):  # every village has the same strategy
            for m in self.villages:
                m.campaign.trigger.force(day)

    def reported_last_week(self) -> np.ndarray:
        """Cases each village reported over the last 7 days (up to last night)."""
        return self._reported.sum(axis=0)

    def _weights(self, at_war: np.ndarray) -> np.ndarray:
        if self.p.allocation == "pairing":
            return self.pairing_weight
        if self.p.allocation == "cases":
            return self.reported_last_week().astype(float)
        # indices: the positive containers the last week's inspections imply (BI x houses);
        # villages not inspected yet are given the district's observed ratio.
        seen = np.array([_last(m, "houses_inspected_7d") for m in self.villages])
        found = np.array([_last(m, "positive_containers_found_7d") for m in self.villages])
        prior = (found.sum() + 1.0) / (seen.sum() + 1.0)
        ratio = np.where(seen > 0, found / np.maximum(seen, 1), prior)
        return ratio * self.households


def _last(m: CampaignModel, column: str) -> float:
    """The village's latest recorded value of ``column`` (0 before the first day)."""
    r = m.recorder
    return float(r.data[column][r.days_recorded - 1]) if r.days_recorded else 0.0


def _at_war(m: CampaignModel, day: int) -> bool:
    start = m.campaign.trigger.wartime_start_day
    return start is not None and start <= day
