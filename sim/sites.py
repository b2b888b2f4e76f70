"""Mutable state of the breeding sites: water, immature cohorts, larvicide.

Immatures are kept as daily age cohorts per site (``n_sites x cohort_days``
counts of future females, ``cohort_days`` the longest development of the
season). The first ``egg_stage_days`` cohorts are eggs; the rest are larvae
and pupae, which is what an inspector sees: a container is *positive* when it
holds water and larvae or pupae (China CDC's definition for the Breteau,
house and container indices). A site is *wet* while it holds water; a dry site
holds no immatures. Larvicide kills every immature in the site until it
expires (Bti 2 weeks outdoors, 8 weeks indoors; Trop Biomed 2015, 32:684).
"""

from __future__ import annotations

import numpy as np

from sim.ragged import expand_ranges
from sim.village import Village

__all__ = ["BreedingSites"]


class BreedingSites:
    """Water, immatures and treatment of every breeding site."""

    def __init__(self, village: Village, cohort_days: int, capacity_scale: float,
                 egg_stage_days: int) -> None:
        n = village.n_sites
        self.egg_stage_days = egg_stage_days
        self.cell = village.site_cell
        self.household = village.site_household
        self.setting = village.site_setting
        self.capacity = village.site_capacity * capacity_scale
        self.wet = village.site_initially_wet.copy()
        self.immatures = np.zeros((n, cohort_days), dtype=np.int64)
        self.treated_until = np.full(n, np.iinfo(np.int32).min, dtype=np.int32)
        #: Containers that must keep water (hydroponic plants): emptying means changing the water.
        self.keeps_water = np.array(
            [village.site_type_names[t] == "hydroponic_plant" for t in village.site_type], dtype=bool
        ) if n else np.zeros(0, dtype=bool)
        #: Multiplier on a site's refill chance (owners' rectification lowers it).
        self.refill_factor = np.ones(n)
        #: Set by the campaign's construction closed loop: a rectified site never refills.
        self.rectified = np.zeros(n, dtype=bool)
        #: Sites of each household: ``household_site_order[household_site_start[h]:
        #: household_site_start[h + 1]]`` (see :meth:`of_households`).
        owned = np.flatnonzero(self.household >= 0)
        self.household_site_order = owned[np.argsort(self.household[owned], kind="stable")]
        per_household = np.bincount(self.household[owned], minlength=village.n_households)
        self.household_site_start = np.concatenate([[0], np.cumsum(per_household)]).astype(np.int64)

    def of_households(self, households: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(sites, visit)``: the sites of ``households`` in order, and for each the position
        in ``households`` it belongs to."""
        start = self.household_site_start
        pos, visit = expand_ranges(start[households], start[households + 1] - start[households])
        return self.household_site_order[pos], visit

    @property
    def n(self) -> int:
        """Number of sites."""
        return int(self.cell.size)

    def larvae_and_pupae(self) -> np.ndarray:
        """Future females past the egg stage at each site (what an inspector can see)."""
        return self.immatures[:, self.egg_stage_days:].sum(axis=1)

    def positive(self) -> np.ndarray:
        """Wet sites holding larvae or pupae: the 'positive containers' of the indices."""
        return self.wet & (self.larvae_and_pupae() > 0)

    def is_treated(self, day: int) -> np.ndarray:
        """Sites whose larvicide is still active on ``day``."""
        return self.treated_until >= day

    def clear(self, idx: np.ndarray) -> None:
        """Empty containers: no water, no immatures (plants keep fresh water, larvae removed)."""
        idx = np.asarray(idx, dtype=np.int64)
        self.wet[idx[~self.keeps_water[idx]]] = False
        self.immatures[idx] = 0
