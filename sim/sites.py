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
        #: Site indices of each household as Python lists (fast for per-visit loops).
        self.household_sites: list[list[int]] = [[] for _ in range(village.n_households)]
        for site, hh in enumerate(self.household.tolist()):
            if hh >= 0:
                self.household_sites[hh].append(site)

    @property
    def n(self) -> int:
        """Number of sites."""
        return int(self.cell.size)

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
