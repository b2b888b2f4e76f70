"""Ring zoning around reported cases: core, warning and outer circles that merge and expire."""

from __future__ import annotations

import numpy as np

from sim.campaign.known import KnownState
from sim.campaign.params import TargetingParams
from sim.campaign.teams import RingArea

__all__ = ["CORE", "OUTER", "WARNING", "RingManager"]

CORE, WARNING, OUTER = 0, 1, 2


class RingManager:
    """Keeps the open rings and tells which households are due for ring work."""

    def __init__(self, params: TargetingParams) -> None:
        self.p = params
        self.rings: list[RingArea] = []
        self._members: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._seen_cases = 0

    def update(self, known: KnownState) -> int:
        """Open rings for newly reported cases (merging into a ring whose core holds
        the case), and close expired ones. Returns the number of rings opened."""
        s = known.surveillance
        opened = 0
        for hh in s.case_household[self._seen_cases:]:
            x, y = known.hh_x_m[hh], known.hh_y_m[hh]
            centres = np.asarray([r.household for r in self.rings], dtype=np.int64)
            inside = np.flatnonzero(np.hypot(known.hh_x_m[centres] - x, known.hh_y_m[centres] - y)
                                    <= self.p.core_radius_m)
            if inside.size:  # the case lies in an open ring's core: renew that ring
                ring = self.rings[int(inside[0])]
                ring.last_case_day = known.day
                ring.expires_day = known.day + self.p.ring_expiry_days
            else:
                cell = int(known.hh_cell[hh])
                cx_cell, cy_cell = divmod(cell, known.height)
                ring = RingArea(int(hh), cx_cell, cy_cell,
                                (self.p.core_radius_m, self.p.warning_radius_m, self.p.outer_radius_m),
                                known.day, known.day, known.day + self.p.ring_expiry_days)
                self.rings.append(ring)
                self._members.append(self._zones(ring, known))
                opened += 1
        self._seen_cases = len(s.case_household)
        keep = [i for i, r in enumerate(self.rings) if r.expires_day >= known.day]
        self.rings = [self.rings[i] for i in keep]
        self._members = [self._members[i] for i in keep]
        return opened

    @staticmethod
    def _centre_m(ring: RingArea, known: KnownState) -> tuple[float, float]:
        return float(known.hh_x_m[ring.household]), float(known.hh_y_m[ring.household])

    def _zones(self, ring: RingArea, known: KnownState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cx, cy = self._centre_m(ring, known)
        d = np.hypot(known.hh_x_m - cx, known.hh_y_m - cy)
        core = np.flatnonzero(d <= self.p.core_radius_m)
        warning = np.flatnonzero((d > self.p.core_radius_m) & (d <= self.p.warning_radius_m))
        outer = np.flatnonzero((d > self.p.warning_radius_m) & (d <= self.p.outer_radius_m))
        return core[np.argsort(d[core], kind="stable")], warning[np.argsort(d[warning],
                                                                                kind="stable")], outer

    def zone_households(self, zone: int) -> np.ndarray:
        """All households in ``zone`` (CORE, WARNING, OUTER) of any open ring."""
        parts = [m[zone] for m in self._members]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)

    def core_breteau(self, i: int, known: KnownState) -> float | None:
        """Observed Breteau index of ring ``i``'s core (positive containers found per 100
        houses at their latest inspection since the ring opened); None if not surveyed."""
        core = self._members[i][CORE]
        s = known.surveillance
        seen = core[s.last_inspected_day[core] >= self.rings[i].opened_day]
        if seen.size == 0 or seen.size < 0.5 * core.size:
            return None
        return 100.0 * s.last_positive[seen].sum() / seen.size

    def due(self, known: KnownState, include_idle: bool) -> list[int]:
        """Households due for ring work today, core first (nearest the case first)."""
        out: list[int] = []
        seen: set[int] = set()
        last = known.last_visit_day
        for zone, interval in ((CORE, self.p.core_revisit_days), (WARNING, self.p.warning_revisit_days)):
            for i, members in enumerate(self._members):
                if zone == CORE:
                    bi = self.core_breteau(i, known)
                    surveyed_since = last[members[CORE]] >= self.rings[i].opened_day
                    if bi is not None and bi < self.p.core_breteau_target and surveyed_since.all():
                        continue
                hh = members[zone]
                if not include_idle:
                    hh = hh[~known.hh_idle[hh]]
                opened = self.rings[i].opened_day
                due = hh[(last[hh] < opened) | (last[hh] <= known.day - interval)]
                for h in due.tolist():
                    if h not in seen:
                        seen.add(h)
                        out.append(h)
        return out
