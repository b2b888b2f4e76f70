"""The well-mixed ABM the validation runs, and its replicates.

:data:`WELL_MIXED_OVERRIDES` give the ordinary model the ODE's assumptions (one
well-mixed population, a constant number of adult mosquitoes, no campaign; see
docs/readme/50-validation.md); :func:`run_replicate` runs one seed and keeps the
curves and the statistics the comparison with theory needs. Days throughout.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from analysis.runner import run_many
from sim.cli.compose import compose_params
from sim.model import EARLY_CASES_FOR_R0, CampaignModel
from sim.params.run_params import RunParams
from sim.simulate import simulate
from sim.vector import rules

__all__ = [
    "DISEASE_DAYS",
    "TAKE_OFF_FRACTION",
    "WELL_MIXED_OVERRIDES",
    "abm_params",
    "run_replicate",
    "run_replicates",
    "took_off",
]

#: Overrides giving the ODE's assumptions (one population, constant vectors, no campaign).
WELL_MIXED_OVERRIDES: tuple[str, ...] = (
    "village=well_mixed",                    # 3 x 3 cells, no construction site, no idle house
    "strategy=baseline",                     # no campaign
    "residents.p_bite_away_from_home=1.0",   # every bite lands on a random villager
    "residents.exposure_cv=0",               # ... and every villager is equally exposed
    "vector.p_move_per_day=0.0",             # each cell keeps the mosquitoes its own sites feed
    "vector.capacity_scale=0.27",            # pinned: ~8 adult females per person, as before
    "residents.p_self_clear_per_day=0.0",    # frozen water: the adult population stays constant
    "residents.p_recreate_per_day=0.0",
    "residents.idle_refill_per_day=0.0",
    "season.mode=constant",                  # the reference temperature: every trait at its default
    "disease.presymptomatic_days=0",         # the ODE's latent period ends at onset
)
#: Days simulated per disease: long enough for the epidemic to end in (almost) every replicate.
DISEASE_DAYS: dict[str, int] = {"chikungunya": 150, "dengue": 450}
#: A replicate "took off" if cumulative infections reached this share of the population.
TAKE_OFF_FRACTION = 0.05


def abm_params(disease: str, seed: int = 0, days: int | None = None,
               extra: Sequence[str] = ()) -> RunParams:
    """Parameters of the well-mixed ABM for ``disease`` (``chikungunya`` or ``dengue``).

    Args:
        disease: a disease preset of ``configs/disease``.
        seed: the run's seed.
        days: days simulated (default :data:`DISEASE_DAYS`, 365 for other diseases).
        extra: further Hydra overrides, applied last.
    """
    days = DISEASE_DAYS.get(disease, 365) if days is None else days
    return compose_params([*WELL_MIXED_OVERRIDES, f"disease={disease}", f"seed={seed}",
                           f"days={days}", *extra])


def took_off(rep: Mapping[str, Any]) -> bool:
    """Whether a replicate's cumulative infections reached :data:`TAKE_OFF_FRACTION` of the village."""
    return bool(rep["cumulative"][-1] >= TAKE_OFF_FRACTION * rep["population"])


def run_replicate(params: RunParams) -> dict[str, Any]:
    """Run one replicate; return its curves and the statistics used by the validation.

    ``bites_per_mosquito`` is the mean over mosquitoes, after the warm-up, of the
    per-cell chance to bite today: it checks that the cells do not bend the
    two-sided bite limit of the ODE. ``early_case_days`` and ``early_offspring``
    are the infection days of the cases behind ``r0_case_to_case_early`` and
    their number of offspring (same selection as :meth:`CampaignModel.early_r0`).
    Curves are per day: ``cumulative`` infections (seeds included) and
    ``infectious`` humans; ``mean_adults`` is N_V (adult females).
    """
    model = CampaignModel(params)
    people = np.bincount(model.population.cell, minlength=model.village.n_cells)
    density = model.mosquitoes.density()
    v = params.vector
    p_bite = rules.bite_probability_per_mosquito(density, people, v.bites_per_mosquito_per_day,
                                                 v.max_bites_per_human_per_day)
    result = simulate(params, model=model)
    ts = result.timeseries
    pop = model.population
    infected = np.flatnonzero(pop.infected_day >= 0)
    eligible = infected[pop.infected_day[infected] <= model.day - 30]
    first = eligible[np.lexsort((eligible, pop.infected_day[eligible]))][:EARLY_CASES_FOR_R0]
    adults = ts["adult_mosquitoes"]
    return {
        "seed": params.seed,
        "population": pop.n,
        "mean_adults": float(adults.mean()),
        "cv_adults": float(adults.std() / max(adults.mean(), 1.0)),
        "bites_per_mosquito": float((p_bite * density).sum() / max(density.sum(), 1)),
        "cumulative": ts["cumulative_infections"].astype(int),
        "infectious": ts["infectious_humans"].astype(int),
        "active_at_end": bool(ts["exposed_humans"][-1] + ts["infectious_humans"][-1] > 0),
        "r0_early": result.summary["r0_case_to_case_early"],
        "early_case_days": pop.infected_day[first].astype(int),
        "early_offspring": int(np.isin(pop.infected_by, first).sum()),
    }


def run_replicates(params: RunParams, seeds: Sequence[int], workers: int = 2) -> list[dict[str, Any]]:
    """Run ``params`` once per seed (in ``workers`` processes, :mod:`analysis.runner`), in seed order."""
    todo = [dataclasses.replace(params, seed=int(s)) for s in seeds]
    return run_many(run_replicate, todo, workers, desc=f"{params.disease.name} replicates")
