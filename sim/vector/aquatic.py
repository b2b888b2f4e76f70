"""Aquatic stages shared by both mosquito engines: development, emergence, eggs.

Immatures live in :class:`~sim.sites.BreedingSites` as per-site daily cohorts,
whichever engine represents the adults, so both engines call these two
functions and differ only in how they store the females that emerge. Today's
development time, immature survival and eggs per batch follow the temperature
(:mod:`sim.vector.thermal`).
"""

from __future__ import annotations

import numpy as np

from sim.params.vector import VectorParams
from sim.sites import BreedingSites
from sim.vector import rules
from sim.vector.thermal import DailyTraits

__all__ = ["deposit_eggs", "develop_immatures"]


def develop_immatures(sites: BreedingSites, vector: VectorParams, rng: np.random.Generator,
                      day: int, traits: DailyTraits) -> np.ndarray:
    """One day of immature development with density-dependent mortality.

    Density is that of larvae and pupae (eggs do not compete). Dry sites and
    sites under active larvicide kill all their immatures.

    Returns:
        Adult females emerging from each site today.
    """
    larvae = sites.larvae_and_pupae()
    p_surv = rules.larval_survival_probability(
        larvae, sites.capacity, vector.larval_base_mortality_per_day, vector.larval_density_alpha
    ) * traits.immature_survival_factor
    p_surv = np.where(sites.wet & ~sites.is_treated(day), p_surv, 0.0)
    sites.immatures, emerged = rules.step_immature_cohorts(rng, sites.immatures, p_surv,
                                                           traits.development_days)
    return emerged


def deposit_eggs(sites: BreedingSites, vector: VectorParams, rng: np.random.Generator,
                 site_of_batch: np.ndarray, traits: DailyTraits) -> None:
    """Add today's egg batches (one entry per batch: the chosen site) to the youngest cohort.

    Batches laid into a dry site are lost.
    """
    if site_of_batch.size == 0:
        return
    site_of_batch = site_of_batch[sites.wet[site_of_batch]]
    batches = np.bincount(site_of_batch, minlength=sites.n)
    sites.immatures[:, 0] += rules.female_eggs_from_batches(
        rng, batches, traits.eggs_per_batch, vector.female_fraction
    )
