"""How temperature sets the mosquito's daily traits: pure functions shared by both engines.

Each trait's default (in :class:`~sim.params.vector.VectorParams` and
:class:`~sim.params.disease.DiseaseParams`) is its value at the reference
temperature ``season.reference_temperature_c`` (28 C, where the defaults were
measured). On another day the trait is scaled by the ratio of a published
thermal response at today's temperature to its value at the reference, so a
run at the reference temperature uses the defaults exactly (the constant
season that the ODE comparison needs).

Thermal responses for *Aedes albopictus* (Mordecai et al. 2017, PLoS NTD
11:e0005568, S2 Text Table A, posterior means): biting rate ``a`` (Briere),
eggs per gonotrophic cycle (Briere), egg-to-adult survival ``pEA``
(quadratic), mosquito development rate ``MDR`` (Briere), adult lifespan
``lf`` (quadratic) and parasite development rate ``PDR`` (Briere; fitted for
dengue, the only albopictus virus curve: chikungunya's EIP is scaled with the
same shape, an assumption). Gonotrophic cycle: 35 / 8.1 / 4.5 / 3.5 / 4.4 / 10 d
at 10 / 20 / 25 / 30 / 35 / 40 C (Delatte et al. 2009, J Med Entomol 46:33),
interpolated linearly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.params.disease import DiseaseParams
from sim.params.vector import VectorParams

__all__ = ["MAX_DEVELOPMENT_DAYS", "DailyTraits", "briere", "gonotrophic_cycle_days", "quadratic", "relative",
           "season_traits", "traits_at"]

#: Longest egg-to-adult development the immature cohorts can hold (d; about 14 C).
MAX_DEVELOPMENT_DAYS = 60


def briere(t: float, c: float, t0: float, tm: float) -> float:
    """Briere thermal response ``c T (T - T0) sqrt(Tm - T)``, 0 outside (T0, Tm)."""
    return c * t * (t - t0) * math.sqrt(tm - t) if t0 < t < tm else 0.0


def quadratic(t: float, c: float, t0: float, tm: float) -> float:
    """Quadratic thermal response ``c (T - T0) (Tm - T)``, 0 outside (T0, Tm)."""
    return c * (t - t0) * (tm - t) if t0 < t < tm else 0.0


#: Mordecai et al. 2017, S2 Text Table A, Ae. albopictus: (form, c, T0, Tm).
MORDECAI_2017 = {
    "biting_rate": (briere, 1.93e-4, 10.25, 38.32),
    "eggs_per_cycle": (briere, 4.88e-2, 8.02, 35.65),
    "egg_to_adult_survival": (quadratic, 3.61e-3, 9.04, 39.33),
    "development_rate": (briere, 6.38e-5, 8.60, 39.66),
    "lifespan": (quadratic, 1.43, 13.41, 31.51),
    "virus_development_rate": (briere, 1.09e-4, 10.39, 43.05),
}

#: Delatte et al. 2009: gonotrophic cycle (d) at constant temperatures (C).
_GONOTROPHIC_T = (10.0, 20.0, 25.0, 30.0, 35.0, 40.0)
_GONOTROPHIC_D = (35.0, 8.1, 4.5, 3.5, 4.4, 10.0)

#: Floor on a response's ratio to its reference value: outside the fitted range the
#: trait is near its limit rather than exactly zero (a zero lifespan or development
#: rate has no finite daily rate).
_FLOOR = 0.02


def response(trait: str, t: float) -> float:
    """Mordecai et al. 2017 response of ``trait`` at ``t`` C (units of the trait)."""
    form, c, t0, tm = MORDECAI_2017[trait]
    return form(t, c, t0, tm)


def relative(trait: str, t: float, reference: float) -> float:
    """``response(t) / response(reference)``, at least a small floor; exactly 1 at the reference."""
    if t == reference:
        return 1.0
    return max(response(trait, t) / response(trait, reference), _FLOOR)


def gonotrophic_cycle_days(t: float) -> float:
    """Days from blood meal to blood meal at ``t`` C (Delatte et al. 2009, interpolated)."""
    return float(np.interp(t, _GONOTROPHIC_T, _GONOTROPHIC_D))


@dataclass(frozen=True)
class DailyTraits:
    """The mosquito traits of one day (defaults scaled to today's temperature).

    Attributes:
        temperature_c: today's mean temperature (C).
        daily_survival: adult female survival today.
        bites_per_mosquito_per_day: blood meals sought per female today.
        gonotrophic_cycle_days: mean days between egg batches today.
        eggs_per_batch: eggs per batch today.
        development_days: egg-to-adult days for immatures today (whole days).
        immature_survival_factor: extra daily survival factor of immatures
            (1 at the reference; below 1 where egg-to-adult survival is lower).
        eip_days: mean extrinsic incubation period today (d).
    """

    temperature_c: float
    daily_survival: float
    bites_per_mosquito_per_day: float
    gonotrophic_cycle_days: float
    eggs_per_batch: float
    development_days: int
    immature_survival_factor: float
    eip_days: float


def traits_at(t: float, reference: float, vector: VectorParams, disease: DiseaseParams) -> DailyTraits:
    """Today's traits at ``t`` C from their declared values, which hold at ``reference`` C.

    Mortality scales with the inverse lifespan (``mu = -ln p``, ``mu(T) =
    mu_ref lf(T_ref) / lf(T)``); durations scale with the inverse of their
    rates; the gonotrophic cycle with Delatte's table; egg-to-adult survival
    relative to the reference is spread evenly over the development days.
    """
    lifespan = relative("lifespan", t, reference)
    survival = 0.0 if vector.daily_survival == 0 else math.exp(math.log(vector.daily_survival) / lifespan)
    dev_days = max(round(vector.development_days / relative("development_rate", t, reference)), 2)
    p_ea = relative("egg_to_adult_survival", t, reference)
    gono = (vector.gonotrophic_cycle_days * gonotrophic_cycle_days(t)
            / gonotrophic_cycle_days(reference))
    return DailyTraits(
        temperature_c=t,
        daily_survival=survival,
        bites_per_mosquito_per_day=min(
            vector.bites_per_mosquito_per_day * relative("biting_rate", t, reference), 1.0),
        gonotrophic_cycle_days=max(gono, 1.0),
        eggs_per_batch=vector.eggs_per_batch * relative("eggs_per_cycle", t, reference),
        development_days=int(min(dev_days, MAX_DEVELOPMENT_DAYS)),
        immature_survival_factor=min(p_ea ** (1.0 / dev_days), 1.0),
        eip_days=min(disease.eip_days / relative("virus_development_rate", t, reference), 60.0),
    )


def season_traits(temperatures: np.ndarray, reference: float, vector: VectorParams,
                  disease: DiseaseParams) -> list[DailyTraits]:
    """The traits of each day of a temperature series (one computation per distinct value)."""
    cache: dict[float, DailyTraits] = {}
    out = []
    for t in temperatures.tolist():
        if t not in cache:
            cache[t] = traits_at(t, reference, vector, disease)
        out.append(cache[t])
    return out
