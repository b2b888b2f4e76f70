"""Each village's run parameters: the run's, resized to the village, with its own seed.

A village of a district is a whole single-village run (:class:`sim.model.CampaignModel`)
with: the ``village`` preset resized to its houses, the ``staffing`` preset resized
likewise (the preset is read as the pool of a village the preset's size), a seed of its
own, the outbreak's seed infections only in the seeded villages, and the district's
imports from outside spread in proportion to population.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.campaign.workforce import MEDIC
from sim.district.place import DistrictPlace, resized_staffing, resized_village, team_minimum
from sim.params.run_params import RunParams

__all__ = ["own_medics", "seeded_villages", "village_params", "village_seed"]


def village_seed(seed: int, village: int) -> int:
    """The seed of ``village`` in a run with ``seed`` (independent streams per village)."""
    state = np.random.SeedSequence([seed, village]).generate_state(1, np.uint64)[0]
    return int(state >> np.uint64(1))  # below 2**63, the declared range of RunParams.seed


def seeded_villages(params: RunParams, place: DistrictPlace, rng: np.random.Generator) -> np.ndarray:
    """Villages where the outbreak's seed infections arrive: drawn in proportion to houses."""
    n = params.district.seeded_villages
    return np.sort(rng.choice(place.n, size=n, replace=False, p=place.households / place.households.sum()))


def village_params(params: RunParams, place: DistrictPlace, i: int, seeded: bool,
                   hospital: int | None = None) -> RunParams:
    """Run parameters of village ``i`` (no district section: it is a single village); with
    ``hospital``, its roster has that many medics (its town's hospital,
    :mod:`sim.district.hospitals`) instead of its own share."""
    households = int(place.households[i])
    base = params.village
    outbreak = params.outbreak
    share = households / float(place.households.sum())
    outbreak = dataclasses.replace(
        outbreak, seed_infections=outbreak.seed_infections if seeded else 0,
        import_rate_per_day=outbreak.import_rate_per_day * share,
    )
    staffing = resized_staffing(params.staffing, households, base.households,
                                team_minimum(params.team_shapes))
    if hospital is not None and MEDIC in staffing.pool:
        staffing = dataclasses.replace(staffing, pool={**staffing.pool, MEDIC: hospital})
    return dataclasses.replace(
        params, seed=village_seed(params.seed, i), district=dataclasses.replace(params.district, name="none",
                                                                                villages=0),
        village=resized_village(base, households, place.names[i]),
        staffing=staffing,
        outbreak=outbreak, event_log=False,
    )


def own_medics(params: RunParams, place: DistrictPlace) -> list[int]:
    """Each village's own medics (its share of the ``staffing`` preset's)."""
    least = team_minimum(params.team_shapes)
    return [resized_staffing(params.staffing, int(h), params.village.households, least).count(MEDIC)
            for h in place.households.tolist()]
