"""Residents' own container habits: emptying what they notice, and letting water collect.

A household's awareness (0..1) is raised by publicity and visits and relaxes
back to its initial value. Aware households empty the wet containers they
notice; unaware ones let empty containers fill again, with the rain. Idle
houses have nobody to empty anything and refill with rain. Community mobilisation of this kind cut
the Breteau index by about a third in the Camino Verde trial (Andersson et al.,
BMJ 2015;351:h3267), the scale the defaults aim at.
"""

from __future__ import annotations

import numpy as np

from sim.params.run_params import ResidentParams
from sim.sites import BreedingSites
from sim.village import Setting

__all__ = ["residents_step"]


def residents_step(
    sites: BreedingSites,
    awareness: np.ndarray,
    params: ResidentParams,
    site_p_notice: np.ndarray,
    site_p_refill: np.ndarray,
    rain_factor: float,
    rng: np.random.Generator,
) -> int:
    """One day of residents' clearing and container re-creation.

    Args:
        sites: breeding-site state, changed in place.
        awareness: awareness of each household (0..1), relaxed in place.
        params: resident behaviour parameters.
        site_p_notice: chance a resident notices each site.
        site_p_refill: daily refill chance of public and construction sites.
        rain_factor: today's rain relative to the reference: every refill chance
            (containers left out, idle houses, public sites) is scaled by it.
        rng: the residents stream.

    Returns:
        Number of containers residents emptied today.
    """
    hh = sites.household
    occupied = sites.setting == Setting.HOUSEHOLD
    aware = np.where(hh >= 0, awareness[np.maximum(hh, 0)], 0.0)
    u = rng.random(sites.n)
    p_clear = params.p_self_clear_per_day * aware * site_p_notice
    cleared = occupied & sites.wet & (u < p_clear)
    p_refill = np.select(
        [occupied, sites.setting == Setting.IDLE_HOUSE],
        [params.p_recreate_per_day * (1.0 - aware), params.idle_refill_per_day],
        default=site_p_refill,
    )
    refill = ~sites.wet & ~sites.rectified & (u < p_refill * sites.refill_factor * rain_factor)
    sites.clear(np.flatnonzero(cleared))
    sites.wet[refill] = True
    awareness += params.awareness_decay_per_day * (params.initial_awareness - awareness)
    return int(cleared.sum())
