"""Outdoor work: space spraying, clean-up of public sites, and the construction-site loop.

All of it is field work done by teams from the pool: spray crews fog a number
of cells a day set by their members and ``spray_m2_per_person_day``; clean-up
teams clear ``cleanup_sites_per_team_day`` public sites each; construction
sites are checked and rechecked by house-visit teams (the owner rectifies in
between). Clearance is counted for the same sites that were found: a site
found at a check counts as cleared when the owner rectifies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.campaign.areas import serpentine
from sim.campaign.rings import RingManager
from sim.campaign.teams import Team
from sim.params.actions import OutdoorParams
from sim.village import Setting

if TYPE_CHECKING:
    from sim.sites import BreedingSites
    from sim.village import Village

__all__ = ["ConstructionSite", "Outdoor"]


@dataclass
class ConstructionSite:
    """One construction site in the check -> feedback -> rectify -> recheck loop.

    Attributes:
        sites: its breeding sites (puddles).
        cell: where it is.
        next_action_day: day of the next check, rectification or recheck.
        stage: ``check``, ``rectify`` or ``recheck``.
        closed: a clean recheck closed the loop for good.
        found: sites found holding water at the last check, to be rectified.
    """

    sites: np.ndarray
    cell: int
    next_action_day: int = 0
    stage: str = "check"
    closed: bool = False
    found: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


class Outdoor:
    """Spray zones, clean public sites and close construction sites in wartime."""

    def __init__(self, params: OutdoorParams, village: Village, sites: BreedingSites) -> None:
        self.p = params
        self.v = village
        self.sites = sites
        self.cell_m2 = village.cell_size_m**2
        self.spray_until = np.full(village.n_cells, -1, np.int32)
        self.last_spray_day = np.full(village.n_cells, -(10**6), np.int64)
        cells = np.unique(village.hh_cell)
        self.house_cells = cells[serpentine(*village.cell_xy(cells))]
        self.public_sites = np.flatnonzero(sites.setting == Setting.PUBLIC)
        #: Drains, catch basins, tree holes: only a mass clean-up drive reaches them.
        self.uncounted_sites = np.flatnonzero(sites.setting == Setting.UNCOUNTED)
        self.last_clean_day = np.full(sites.n, -(10**6), np.int64)
        self._cleanup_cursor = 0
        self.construction: list[ConstructionSite] = []
        con = np.flatnonzero(sites.setting == Setting.CONSTRUCTION)
        if con.size and village.construction_cells.size:
            # Each construction puddle belongs to its nearest construction-site centre.
            cx, cy = village.cell_xy(village.construction_cells)
            sx, sy = village.cell_xy(sites.cell[con])
            owner = np.argmin((sx[:, None] - cx) ** 2 + (sy[:, None] - cy) ** 2, axis=1)
            self.construction = [ConstructionSite(con[owner == k], int(village.construction_cells[k]))
                                 for k in range(cx.size)]

    # --- spraying -----------------------------------------------------------
    def spray(self, crews: list[Team], rings: RingManager, day: int, rng: np.random.Generator,
              kills: list[tuple[np.ndarray, np.random.Generator]], counters: dict[str, int]) -> list[int]:
        """The spray crews fog the cells due, ring zones first (nearest the case first), up to
        their capacity; the kill is appended to ``kills`` (worked with the day's other kills).
        Returns the cells sprayed."""
        if not crews or not self.p.spraying:
            return []
        p = self.p
        if p.spray_zone == "village":
            wanted = self.house_cells
        else:
            parts = [ring.zones[zone].cells for ring, zone in rings.zones_with("spray")]
            wanted = _unique_in_order(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
        due = wanted[self.last_spray_day[wanted] <= day - p.spray_interval_days]
        capacity = sum(int(len(t.members) * p.spray_m2_per_person_day * t.hours / 8.0 // self.cell_m2)
                       for t in crews)
        cells = due[:capacity]
        if cells.size:
            kill = np.zeros(self.v.n_cells)
            kill[cells] = p.spray_kill_handheld if p.spray_method == "handheld" else p.spray_kill_vehicle
            kills.append((kill, rng))
            self.spray_until[cells] = day + p.spray_residual_days
            self.last_spray_day[cells] = day
            counters["spray_events"] += 1
            counters["cells_sprayed_today"] += int(cells.size)
        return cells.tolist()

    def residual_kill(self, day: int) -> np.ndarray:
        """Extra adult kill per cell today from residual insecticide: its full value the day
        after spraying, halving each further day until ``spray_residual_days`` have passed."""
        since = np.maximum(day - self.last_spray_day - 1, 0).astype(float)
        decayed = self.p.spray_residual_kill_per_day * 0.5 ** np.minimum(since, 60.0)
        return np.where(self.spray_until >= day, decayed, 0.0)

    # --- clean-up -------------------------------------------------------------
    def cleanup(self, crews: list[Team], rings: RingManager, day: int, drive: bool,
                counters: dict[str, int]) -> list[int]:
        """Clean-up teams clear public sites: those of ring zones due first (a zone is due
        again ``<zone>_revisit_days`` after its sites were last cleaned), then the village in
        turn, each site once per ``cleanup_revisit_days``. On a drive day the teams clear every
        public site and the uncounted habitat (drains, corners) too, which the site counters
        leave out. Returns the sites cleaned (none: the teams stay home)."""
        if not crews or (self.public_sites.size == 0 and not (drive and self.uncounted_sites.size)):
            return []
        if drive:
            todo = np.concatenate([self.public_sites, self.uncounted_sites])
        else:
            capacity = len(crews) * self.p.cleanup_sites_per_team_day
            picked: list[int] = []
            seen: set[int] = set()  # the sites in ``picked``, for membership in O(1)
            for ring, zone in rings.zones_with("cleanup"):
                sites = ring.zones[zone].public_sites
                due = sites[self.last_clean_day[sites] <= day - rings.revisit_days(zone)]
                room = capacity - len(picked)
                new = [x for x in due[:room].tolist() if x not in seen]
                picked += new
                seen.update(new)
                if due.size <= room:
                    ring.done[(zone, "cleanup")] = day
            room = capacity - len(picked)
            if room > 0:  # then the village's public sites in turn, each once per revisit interval
                order = np.roll(self.public_sites, -self._cleanup_cursor)
                due = order[self.last_clean_day[order] <= day - self.p.cleanup_revisit_days]
                take = [x for x in due.tolist() if x not in seen][:room]
                if take:
                    self._cleanup_cursor = int(np.searchsorted(self.public_sites, take[-1]) + 1) \
                        % self.public_sites.size
                picked += take
            todo = np.asarray(picked, dtype=np.int64)
        self.last_clean_day[todo] = day
        found = todo[self.sites.wet[todo]]
        self.sites.clear(found)
        # A drive also empties the uncounted habitat: cleared, but not counted among the
        # (public) sites found and cleared, which count containers as inspectors do.
        public = int(np.count_nonzero(self.sites.setting[found] == Setting.PUBLIC))
        for key in ("sites_found_today", "sites_cleared_today", "sites_found_public", "sites_cleared_public"):
            counters[key] += public
        return todo.tolist()

    # --- construction sites --------------------------------------------------
    def construction_due(self, day: int) -> list[tuple[int, int]]:
        """Construction sites whose check or recheck is due: ``(index, cell)``."""
        if not self.p.construction_loop:
            return []
        return [(k, c.cell) for k, c in enumerate(self.construction)
                if not c.closed and c.stage in ("check", "recheck") and day >= c.next_action_day]

    def check_construction(self, k: int, day: int, counters: dict[str, int]) -> None:
        """A team checks site ``k``: wet puddles are found and fed back to the owner; a clean
        recheck closes the loop for good."""
        c = self.construction[k]
        wet = c.sites[self.sites.wet[c.sites]]
        counters["sites_found_today"] += int(wet.size)
        counters["sites_found_construction"] += int(wet.size)
        if c.stage == "recheck" and wet.size == 0:
            c.closed = True
            self.sites.rectified[c.sites] = True
            return
        c.found = wet
        c.stage, c.next_action_day = "rectify", day + self.p.rectify_delay_days

    def rectify(self, day: int, counters: dict[str, int]) -> None:
        """Owners rectify what was fed back: the found puddles are filled or covered (and
        the site refills less), then a recheck is due."""
        for c in self.construction:
            if c.closed or c.stage != "rectify" or day < c.next_action_day:
                continue
            self.sites.clear(c.found)
            self.sites.refill_factor[c.sites] = self.p.rectified_refill_factor
            counters["sites_cleared_today"] += int(c.found.size)
            counters["sites_cleared_construction"] += int(c.found.size)
            c.found = np.zeros(0, np.int64)
            c.stage, c.next_action_day = "recheck", day + self.p.recheck_delay_days


def _unique_in_order(values: np.ndarray) -> np.ndarray:
    _, first = np.unique(values, return_index=True)
    return values[np.sort(first)]
