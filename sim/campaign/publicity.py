"""Publicity and supply: leaflets, loudspeakers, short videos, dialect talks, mosquito coils.

Publicity teams hold ``events_per_team_day`` events a day. Each event reaches
one zone (a ring zone whose work lists ``publicity``, due first) or else the
next group in turn, and closes a share of the gap to full awareness
(``1 - prod(1 - gain)`` over the channels: diminishing returns as awareness
rises). Supply teams go door to door handing out coils and leaflets. Coils
protect the household's residents for ``coil_days``.
"""

from __future__ import annotations

from dataclasses import astuple

import numpy as np

from sim.campaign.rings import RingManager
from sim.campaign.teams import Team
from sim.params.actions import InspectionParams, PublicityParams
from sim.village import Village

__all__ = ["Publicity"]


class Publicity:
    """Raises household awareness zone by zone and hands out coils."""

    def __init__(self, params: PublicityParams, inspection: InspectionParams, village: Village) -> None:
        self.p = params
        self.ins = inspection
        self.v = village
        self.gain = 1.0 - float(np.prod([1.0 - g for g in astuple(params.channels)]))
        self.leaflet_gain = params.channels.leaflets
        self.n_groups = len(village.group_names)
        self._cursor = 0
        self.last_supply_day = np.full(village.n_households, -1, np.int64)
        self._groups = [np.flatnonzero(village.hh_group == g) for g in range(self.n_groups)]

    def people_of(self, households: np.ndarray) -> np.ndarray:
        """Residents of ``households`` (person indices)."""
        counts = self.v.hh_residents[households]
        if counts.sum() == 0:
            return np.zeros(0, np.int64)
        starts = np.repeat(self.v.hh_first_person[households] - np.cumsum(counts) + counts, counts)
        return starts + np.arange(int(counts.sum()))

    def peacetime(self, awareness: np.ndarray, day: int) -> None:
        """Low-intensity publicity once a week for the whole village (broadcasts: no field work)."""
        if self.p.peacetime_gain_per_week > 0 and day % 7 == 0:
            awareness += self.p.peacetime_gain_per_week * (1.0 - awareness)

    def events(self, teams: list[Team], rings: RingManager, day: int, awareness: np.ndarray,
               coil_until: np.ndarray, counters: dict[str, int]) -> list[np.ndarray]:
        """Today's publicity events, due ring zones first. Returns the households reached by each."""
        if not teams or not self.p.enabled or self.n_groups == 0:
            return []
        n = len(teams) * self.p.events_per_team_day
        reached: list[np.ndarray] = []
        for ring, zone in rings.due_zones("publicity", day)[:n]:
            reached.append(ring.zones[zone].households)
            ring.done[(zone, "publicity")] = day
        while len(reached) < n:
            reached.append(self._groups[self._cursor % self.n_groups])
            self._cursor += 1
        for hh in reached:
            awareness[hh] += self.gain * (1.0 - awareness[hh])
            if self.p.coils:
                coil_until[self.people_of(hh)] = day + self.p.coil_days
            counters["publicity_events"] += 1
        return reached

    def supply(self, teams: list[Team], rings: RingManager, day: int, awareness: np.ndarray,
               coil_until: np.ndarray, counters: dict[str, int]) -> np.ndarray:
        """Door-to-door hand-out of coils and leaflets: houses of ring zones due first (a zone's
        houses are due again ``<zone>_revisit_days`` after they were served), then the houses
        served longest ago. Returns the households served."""
        if not teams:
            return np.zeros(0, np.int64)
        per_team = [int(t.hours * 60.0 // self.ins.supply_minutes_per_house) for t in teams]
        capacity = sum(per_team)
        occupied = self.v.hh_residents > 0
        picked: list[int] = []
        seen: set[int] = set()
        for ring, zone in rings.zones_with("supply"):
            hh = ring.zones[zone].households
            due = hh[occupied[hh] & (self.last_supply_day[hh] <= day - rings.revisit_days(zone))]
            new = [h for h in due.tolist() if h not in seen]
            room = capacity - len(picked)
            picked += new[:room]
            seen.update(new[:room])
            if len(new) <= room:
                ring.done[(zone, "supply")] = day
        room = capacity - len(picked)
        if room > 0:
            rest = np.flatnonzero(occupied & (self.last_supply_day < day))
            rest = rest[np.argsort(self.last_supply_day[rest], kind="stable")]
            picked += [h for h in rest[: room + len(seen)].tolist() if h not in seen][:room]
        hh = np.asarray(picked, dtype=np.int64)
        self.last_supply_day[hh] = day
        awareness[hh] += self.leaflet_gain * (1.0 - awareness[hh])
        coil_until[self.people_of(hh)] = day + self.p.coil_days
        counters["households_supplied_today"] += int(hh.size)
        return hh
