"""Outdoor work: space spraying, clean-up of public sites, and the construction-site loop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.campaign.params import OutdoorParams
from sim.campaign.teams import RingArea
from sim.village import Setting

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["RECTIFIED_REFILL_FACTOR", "Outdoor"]

#: Refill chance of a rectified construction site relative to an untouched one
#: (until a clean recheck closes it for good; *unverified*).
RECTIFIED_REFILL_FACTOR = 0.1


@dataclass
class _ConstructionSite:
    sites: np.ndarray
    next_action_day: int
    stage: str = "check"  # check -> rectify -> recheck -> (closed | check)
    closed: bool = False


class Outdoor:
    """Spraying zones, cleaning public sites and closing construction sites in wartime."""

    def __init__(self, params: OutdoorParams, model: CampaignModel, rng: np.random.Generator) -> None:
        self.p = params
        self.rng = rng
        v = model.village
        self.spray_until = np.full(v.n_cells, -1, np.int32)
        self.last_spray_day = -10**9
        setting = model.sites.setting
        self.public_sites = np.flatnonzero(setting == Setting.PUBLIC)
        self._cleanup_cursor = 0
        self.construction: list[_ConstructionSite] = []
        con = np.flatnonzero(setting == Setting.CONSTRUCTION)
        if con.size and v.construction_cells.size:
            # Each construction puddle belongs to its nearest construction-site centre.
            cx, cy = np.divmod(v.construction_cells, v.height)
            sx, sy = np.divmod(model.sites.cell[con], v.height)
            owner = np.argmin((sx[:, None] - cx) ** 2 + (sy[:, None] - cy) ** 2, axis=1)
            self.construction = [_ConstructionSite(con[owner == k], 0) for k in range(cx.size)]

    # --- spraying -----------------------------------------------------------
    def spray(self, model: CampaignModel, day: int, rings: list[RingArea],
              counters: dict[str, int]) -> None:
        """Spray the zone if the interval has passed; keep the residual going."""
        p = self.p
        v = model.village
        if p.spraying and day - self.last_spray_day >= p.spray_interval_days:
            cells = self._zone_cells(v, rings)
            if cells.size:
                kill = np.zeros(v.n_cells)
                kill[cells] = p.spray_kill_handheld if p.spray_method == "handheld" else p.spray_kill_vehicle
                model.mosquitoes.kill_in_cells(kill)
                self.spray_until[cells] = day + p.spray_residual_days
                self.last_spray_day = day
                counters["spray_events"] += 1
        active = self.spray_until >= day + 1
        model.spray_kill_cell = np.where(active, p.spray_residual_kill_per_day, 0.0)

    def _zone_cells(self, v, rings: list[RingArea]) -> np.ndarray:
        if self.p.spray_zone == "village":
            return np.arange(v.n_cells)
        if not rings:
            return np.zeros(0, np.int64)
        x, y = np.divmod(np.arange(v.n_cells), v.height)
        inside = np.zeros(v.n_cells, bool)
        for r in rings:
            reach = r.radii_m[1] / v.cell_size_m
            inside |= (x - r.x) ** 2 + (y - r.y) ** 2 <= reach**2
        return np.flatnonzero(inside)

    # --- clean-up -------------------------------------------------------------
    def cleanup(self, model: CampaignModel, wartime_day: int, counters: dict[str, int]) -> None:
        """Clean public sites: a daily crew, and mass drives on the configured days."""
        if not self.p.cleanup or self.public_sites.size == 0:
            return
        sites = model.sites
        if wartime_day in self.p.cleanup_drive_days:
            todo = self.public_sites
        else:
            n = min(self.p.cleanup_sites_per_day, self.public_sites.size)
            take = (self._cleanup_cursor + np.arange(n)) % self.public_sites.size
            self._cleanup_cursor = int((self._cleanup_cursor + n) % self.public_sites.size)
            todo = self.public_sites[take]
        found = todo[sites.wet[todo]]
        sites.clear(found)
        counters["sites_found_today"] += int(found.size)
        counters["sites_cleared_today"] += int(found.size)
        counters["sites_found_public"] += int(found.size)
        counters["sites_cleared_public"] += int(found.size)

    # --- construction sites --------------------------------------------------
    def construction_loop(self, model: CampaignModel, day: int, counters: dict[str, int]) -> None:
        """Check -> feedback -> rectify -> recheck; a site closes only when the recheck is clean."""
        if not self.p.construction_loop:
            return
        sites = model.sites
        for c in self.construction:
            if c.closed or day < c.next_action_day:
                continue
            wet = c.sites[sites.wet[c.sites]]
            if c.stage in ("check", "recheck"):
                counters["sites_found_today"] += int(wet.size)
                counters["sites_found_construction"] += int(wet.size)
                if c.stage == "recheck" and wet.size == 0:
                    c.closed = True
                    sites.rectified[c.sites] = True
                    continue
                c.stage, c.next_action_day = "rectify", day + self.p.rectify_delay_days
            else:  # the owner rectifies: puddles filled, containers covered or removed
                sites.clear(wet)
                sites.refill_factor[c.sites] = RECTIFIED_REFILL_FACTOR
                counters["sites_cleared_today"] += int(wet.size)
                counters["sites_cleared_construction"] += int(wet.size)
                c.stage, c.next_action_day = "recheck", day + self.p.recheck_delay_days
