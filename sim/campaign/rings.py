"""Ring zoning around reported cases: core, warning and outer circles, each with its own work.

The national emergency scheme works the core every 2-3 days until its Breteau
index is below 5, surveys the warning circle weekly, and does publicity and
clean-up in the outer circle. Which work each zone receives, and how often, are
parameters (``strategy.targeting.{core,warning,outer}_work`` and ``*_revisit_days``).
Rings merge when a new case falls in an open core and close ``ring_expiry_days``
after their last case.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from sim.campaign.known import KnownState
from sim.params.strategy import TargetingParams

__all__ = ["ZONES", "RingArea", "RingManager", "Zone"]

#: The three zones of a ring, inside out.
ZONES: tuple[str, ...] = ("core", "warning", "outer")


@dataclass(frozen=True)
class Zone:
    """What lies in one zone of one ring (static once the ring is drawn).

    Attributes:
        households: houses in the zone, nearest the case first.
        cells: cells of those houses (each once), nearest first.
        public_sites: public breeding sites in the zone, nearest first.
    """

    households: np.ndarray
    cells: np.ndarray
    public_sites: np.ndarray


@dataclass
class RingArea:
    """Core, warning and outer circles around a reported case's home.

    Attributes:
        household: the index case's household.
        x, y: centre cell.
        core_m, warning_m, outer_m: radii (m).
        opened_day: day the ring was drawn.
        last_case_day: day of the latest case reported inside the core.
        expires_day: the ring closes after this day unless a new case renews it.
        zones: what lies in each zone, by zone name.
        done: last day each (zone, work) was done by a crew.
    """

    household: int
    x: int
    y: int
    core_m: float
    warning_m: float
    outer_m: float
    opened_day: int
    last_case_day: int
    expires_day: int
    zones: dict[str, Zone] = field(default_factory=dict, repr=False)
    done: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def radii_m(self) -> tuple[float, float, float]:
        """(core, warning, outer) radii in metres."""
        return self.core_m, self.warning_m, self.outer_m


class RingManager:
    """Keeps the open rings and tells which work is due in which zone."""

    def __init__(self, params: TargetingParams) -> None:
        self.p = params
        self.rings: list[RingArea] = []
        self._seen_cases = 0
        #: For each x-coordinate array seen (households, public sites): the array, its order by x
        #: and the sorted values, so a ring looks only at the points in its x-range.
        self._by_x: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def set_radii(self, **radii_m: float) -> None:
        """New radii (m: ``core_radius_m``, ``warning_radius_m``, ``outer_radius_m``) for the
        rings opened from now on; open rings keep their own. Checked like the run's own
        targeting parameters (:class:`~sim.errors.ConfigError` if core < warning < outer breaks).
        The trainer page uses it to change rings mid-run."""
        self.p = dataclasses.replace(self.p, **radii_m)

    def zone_work(self, zone: str) -> tuple[str, ...]:
        """Work the zone receives."""
        return getattr(self.p, f"{zone}_work")

    def revisit_days(self, zone: str) -> int:
        """Days between rounds of work in the zone."""
        return getattr(self.p, f"{zone}_revisit_days")

    def update(self, known: KnownState) -> int:
        """Open rings for newly reported cases (merging into a ring whose core holds
        the case), and close expired ones. Returns the number of rings opened."""
        s = known.surveillance
        opened = 0
        p = self.p
        centres = np.array([r.household for r in self.rings], dtype=np.int64)
        xs, ys = known.hh_x_m[centres], known.hh_y_m[centres]  # ring centres (m); grow below
        cores = np.array([r.core_m for r in self.rings], dtype=float)  # each ring's own core
        for hh in s.case_household[self._seen_cases:]:
            x, y = known.hh_x_m[hh], known.hh_y_m[hh]
            inside = np.flatnonzero(np.hypot(xs - x, ys - y) <= cores)
            if len(inside):  # the case lies in an open ring's core: renew that ring
                ring = self.rings[int(inside[0])]
                ring.last_case_day = known.day
                ring.expires_day = known.day + p.ring_expiry_days
            else:
                cx, cy = divmod(int(known.hh_cell[hh]), known.height)
                ring = RingArea(int(hh), cx, cy, p.core_radius_m, p.warning_radius_m, p.outer_radius_m,
                                known.day, known.day, known.day + p.ring_expiry_days)
                ring.zones = self._zones(ring, known)
                self.rings.append(ring)
                xs, ys, cores = np.append(xs, x), np.append(ys, y), np.append(cores, ring.core_m)
                opened += 1
        self._seen_cases = len(s.case_household)
        self.rings = [r for r in self.rings if r.expires_day >= known.day]
        return opened

    def _within_x(self, x_m: np.ndarray, cx: float, radius: float) -> np.ndarray:
        """Indices, ascending, of the points of ``x_m`` whose x lies within ``radius`` (m) of
        ``cx``, with 1 m to spare: every point within ``radius`` of a centre at ``cx`` is among them."""
        entry = self._by_x.get(id(x_m))
        if entry is None or entry[0] is not x_m:
            if len(self._by_x) >= 4:  # callers that pass new arrays every day: keep it bounded
                self._by_x.clear()
            order = np.argsort(x_m, kind="stable")
            entry = self._by_x[id(x_m)] = (x_m, order, x_m[order])
        _, order, sorted_x = entry
        lo, hi = np.searchsorted(sorted_x, [cx - radius - 1.0, cx + radius + 1.0], side="left")
        return np.sort(order[lo:hi])

    def _zones(self, ring: RingArea, known: KnownState) -> dict[str, Zone]:
        cx, cy = float(known.hh_x_m[ring.household]), float(known.hh_y_m[ring.household])
        reach = max(ring.radii_m)
        near_hh = self._within_x(known.hh_x_m, cx, reach)
        d_hh = np.hypot(known.hh_x_m[near_hh] - cx, known.hh_y_m[near_hh] - cy)
        near_site = self._within_x(known.public_site_x_m, cx, reach)
        d_site = np.hypot(known.public_site_x_m[near_site] - cx, known.public_site_y_m[near_site] - cy)
        inner = 0.0
        zones = {}
        for name, outer in zip(ZONES, ring.radii_m, strict=True):
            inside = np.flatnonzero((d_hh <= outer) & ((d_hh > inner) if inner > 0 else True))
            hh = near_hh[inside[np.argsort(d_hh[inside], kind="stable")]]
            cells = known.hh_cell[hh]
            _, first = np.unique(cells, return_index=True)
            inside = np.flatnonzero((d_site <= outer) & ((d_site > inner) if inner > 0 else True))
            sites = near_site[inside[np.argsort(d_site[inside], kind="stable")]]
            zones[name] = Zone(hh, cells[np.sort(first)], known.public_sites[sites])
            inner = outer
        return zones

    def core_breteau(self, rings: list[RingArea], known: KnownState) -> np.ndarray:
        """Observed Breteau index of each ring's core (positive containers found per 100
        houses at their latest inspection since the ring opened); NaN until at least
        ``core_survey_share`` of the core's houses (and at least one) have been inspected."""
        hh, ring_of, opened = self._core_houses(rings)
        s = known.surveillance
        seen = s.last_inspected_day[hh] >= opened
        n_seen = np.bincount(ring_of, weights=seen, minlength=len(rings))
        positive = np.bincount(ring_of, weights=np.where(seen, s.last_positive[hh], 0), minlength=len(rings))
        size = np.array([r.zones["core"].households.size for r in rings])
        enough = (n_seen > 0) & (n_seen >= self.p.core_survey_share * size)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(enough, 100.0 * positive / n_seen, np.nan)

    def _cores_done(self, rings: list[RingArea], known: KnownState) -> np.ndarray:
        """Whether each ring's core is done: every core house visited since the ring opened
        and the core's observed Breteau index below ``core_breteau_target``."""
        if not rings:
            return np.zeros(0, dtype=bool)
        hh, ring_of, opened = self._core_houses(rings)
        unvisited = np.bincount(ring_of, weights=known.last_visit_day[hh] < opened, minlength=len(rings))
        bi = self.core_breteau(rings, known)
        return ~np.isnan(bi) & (bi < self.p.core_breteau_target) & (unvisited == 0)

    @staticmethod
    def _core_houses(rings: list[RingArea]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The core houses of all ``rings`` end to end, each one's ring, and that ring's
        opening day."""
        sizes = [r.zones["core"].households.size for r in rings]
        ring_of = np.repeat(np.arange(len(rings)), sizes)
        hh = (np.concatenate([r.zones["core"].households for r in rings]) if rings
              else np.zeros(0, np.int64))
        return hh, ring_of, np.array([r.opened_day for r in rings], dtype=np.int64)[ring_of]

    def due_houses(self, known: KnownState, include_idle: bool) -> np.ndarray:
        """Houses due for a visit today, core first (nearest the case first), each once."""
        parts = []
        last = known.last_visit_day
        for zone in ZONES:
            if "visit" not in self.zone_work(zone):
                continue
            interval = self.revisit_days(zone)
            rings = self.rings
            if zone == "core":
                rings = [r for r, done in zip(rings, self._cores_done(rings, known), strict=True) if not done]
            if not rings:
                continue
            sizes = [r.zones[zone].households.size for r in rings]
            hh = np.concatenate([r.zones[zone].households for r in rings])
            opened = np.repeat(np.array([r.opened_day for r in rings], dtype=np.int64), sizes)
            due = (last[hh] < opened) | (last[hh] <= known.day - interval)
            if not include_idle:
                due &= ~known.hh_idle[hh]
            parts.append(hh[due])
        if not parts:
            return np.zeros(0, dtype=np.int64)
        due = np.concatenate(parts)
        _, first = np.unique(due, return_index=True)
        return due[np.sort(first)]

    def zones_with(self, work: str) -> list[tuple[RingArea, str]]:
        """Every open ring zone that receives ``work``, inner zones first."""
        return [(ring, zone) for zone in ZONES if work in self.zone_work(zone) for ring in self.rings]

    def due_zones(self, work: str, day: int) -> list[tuple[RingArea, str]]:
        """Ring zones whose ``work`` (other than visits) is due today, inner zones first."""
        out = []
        for ring, zone in self.zones_with(work):
            last = ring.done.get((zone, work))
            if last is None or last <= day - self.revisit_days(zone):
                out.append((ring, zone))
        return out
