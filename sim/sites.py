"""Mutable state of the breeding sites: water, immature cohorts, larvicide.

Immatures are kept as daily age cohorts per site (``n_sites x development_days``
counts of future females). A site is *wet* while it holds water; a dry site
holds no immatures. Larvicide kills every immature in the site until it
expires (Bti 2 weeks outdoors, 8 weeks indoors; Trop Biomed 2015, 32:684).
"""

from __future__ import annotations

import numpy as np

from sim.village import Village

__all__ = ["BreedingSites"]


class BreedingSites:
    """Water, immatures and treatment of every breeding site."""

    def __init__(self, village: Village, development_days: int, capacity_scale: float) -> None:
        n = village.n_sites
        self.cell = village.site_cell
        self.household = village.site_household
        self.setting = village.site_setting
        self.capacity = village.site_capacity * capacity_scale
        self.wet = village.site_initially_wet.copy()
        self.immatures = np.zeros((n, development_days), dtype=np.int64)
        self.treated_until = np.full(n, np.iinfo(np.int32).min, dtype=np.int32)
        #: Containers that must keep water (hydroponic plants): emptying means changing the water.
        self.keeps_water = np.array(
            [village.site_type_names[t] == "hydroponic_plant" for t in village.site_type], dtype=bool
        ) if n else np.zeros(0, dtype=bool)
        #: Multiplier on a site's refill chance (owners' rectification lowers it).
        self.refill_factor = np.ones(n)
        #: Set by the campaign's construction closed loop: a rectified site never refills.
        self.rectified = np.zeros(n, dtype=bool)
        order = np.argsort(self.cell, kind="stable")
        self.by_cell_order = order.astype(np.int32)
        counts = np.bincount(self.cell, minlength=village.n_cells)
        self.cell_count = counts.astype(np.int32)
        self.cell_start = (np.cumsum(counts) - counts).astype(np.int32)
        hh_counts = np.bincount(self.household[self.household >= 0],
                                minlength=village.n_households)
        self.household_order = np.argsort(
            np.where(self.household >= 0, self.household, village.n_households), kind="stable"
        )[: int(hh_counts.sum())].astype(np.int32)
        self.household_count = hh_counts.astype(np.int32)
        self.household_start = (np.cumsum(hh_counts) - hh_counts).astype(np.int32)
        #: Site indices of each household as Python lists (fast for per-visit loops).
        self.household_sites: list[list[int]] = [
            self.household_order[s : s + c].tolist()
            for s, c in zip(self.household_start.tolist(), self.household_count.tolist(), strict=True)
        ]

    @property
    def n(self) -> int:
        """Number of sites."""
        return int(self.cell.size)

    def of_household(self, household: int) -> np.ndarray:
        """Indices of the sites belonging to one household."""
        s = self.household_start[household]
        return self.household_order[s : s + self.household_count[household]]

    def larvae(self) -> np.ndarray:
        """Immatures (future females) per site."""
        return self.immatures.sum(axis=1)

    def positive(self) -> np.ndarray:
        """Wet sites with at least one immature: 'positive containers' of the Breteau index."""
        return self.wet & (self.immatures.sum(axis=1) > 0)

    def is_treated(self, day: int) -> np.ndarray:
        """Sites whose larvicide is still active on ``day``."""
        return self.treated_until >= day

    def clear(self, idx: np.ndarray) -> None:
        """Empty containers: no water, no immatures (plants keep fresh water, larvae removed)."""
        idx = np.asarray(idx, dtype=np.int64)
        self.wet[idx[~self.keeps_water[idx]]] = False
        self.immatures[idx] = 0

    def treat(self, idx: np.ndarray, until_day: int) -> None:
        """Apply larvicide to sites (kills immatures until ``until_day`` inclusive)."""
        self.treated_until[idx] = np.maximum(self.treated_until[idx], until_day)
        self.immatures[idx] = 0
