"""Aedes biology parameters (defaults: *Aedes albopictus* in a hot, wet summer).

Sources: daily survival 0.93 at 28 C (Caminade et al. 2017, PNAS 114:119; field
range 0.89-0.95, Niebylski & Craig 1994, Lacroix et al. 2009); bites sought per
day 0.26 and at most 19 bites per human per day (Manore et al. 2014);
gonotrophic cycle 3-3.5 d at 30 C and egg-to-adult 8.8 d (Delatte et al.
2009); eggs per batch 15-110, ~63 (Briegel & Timmermann 2001; Otero et al.
2006); larval mortality 0.01 + alpha L / capacity (Otero, Solari &
Schweigmann 2006); dispersal of tens of metres a day, 100-300 m lifetime
(Niebylski & Craig 1994).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.errors import ConfigError
from sim.params.fields import label, param, probability, validate

__all__ = ["ENGINES", "VectorParams"]

ENGINES: tuple[str, ...] = ("arrays", "agents")


@dataclass(frozen=True)
class VectorParams:
    """Mosquito life history, movement and biting.

    Attributes:
        name: species preset name.
        engine: ``arrays`` (vectorised, default) or ``agents`` (one Mesa agent
            per mosquito, for teaching and as the reference).
        daily_survival: adult female survival per day (at most 0.99).

        Survival, biting, the gonotrophic cycle, eggs per batch and development
        are their values at the season's reference temperature (28 C); each day
        they follow the temperature (:mod:`sim.vector.thermal`).
        bites_per_mosquito_per_day: blood meals sought per female per day.
        max_bites_per_human_per_day: bites a person tolerates per day.
        gonotrophic_cycle_days: days between egg batches.
        eggs_per_batch: eggs laid per batch (both sexes).
        female_fraction: share of eggs that become females.
        development_days: egg-to-adult development time at the reference temperature
            (days, 5-60; 8.5 d at 28 C from Mordecai et al. 2017's development rate,
            8.8 d at 30 C in Delatte et al. 2009).
        egg_stage_days: days of that time spent as eggs, before larvae an inspector
            can see hatch (*unverified*: 2-4 d in flooded containers at summer
            temperatures is the usual textbook range).
        larval_base_mortality_per_day: density-independent immature mortality.
        larval_density_alpha: density-dependent mortality coefficient (> 0).
        indoor_resting_share: share of adult females resting indoors, where the "kill"
            step (indoor knockdown) reaches them: *Ae. albopictus* is 90.8% exophilic at
            rest (Sri Lanka, PMC9044863) and 82% of host-seeking is outdoors (Guangzhou,
            Parasit Vectors 2019, s13071-019-3715-1); credible range 0.09-0.20.
        p_move_per_day: chance an adult moves to a neighbouring cell each day.
        host_attraction: extra weight (x) for moving into a cell with people.
        capacity_scale: multiplies every site's larval capacity (density knob, > 0).
            3.0 is fitted to the Foshan 2025 curve with the season, exposure and
            detection ramp (``analysis.calibrate``; the lower end of the range
            3.0-3.7 within two seed standard errors of the best; README, calibration
            section): about 45 adult females per person.
        warmup_days: days of vector-only dynamics before day 0, so the
            mosquito population starts near its equilibrium.
        initial_adults_per_site: adults released at each wet site to start the warm-up.
    """

    name: str = label("albopictus")
    engine: str = param("arrays", choices=ENGINES)
    daily_survival: float = param(0.93, low=0.0, high=0.99)
    bites_per_mosquito_per_day: float = param(0.26, low=0.0, high=1.0)
    max_bites_per_human_per_day: float = param(19.0, low=0.0, high=1000.0)
    gonotrophic_cycle_days: float = param(3.5, low=1.0, high=30.0)
    eggs_per_batch: float = param(63.0, low=0.0, high=1000.0)
    female_fraction: float = probability(0.5)
    development_days: int = param(9, low=5, high=60)
    egg_stage_days: int = param(2, low=0, high=10)
    larval_base_mortality_per_day: float = param(0.01, low=0.0, high=1.0)
    larval_density_alpha: float = param(1.5, low=0.0, high=100.0, low_open=True)
    indoor_resting_share: float = probability(0.15)
    p_move_per_day: float = probability(0.8)
    host_attraction: float = param(2.0, low=0.0, high=1000.0)
    capacity_scale: float = param(3.0, low=0.0, high=1000.0, low_open=True)
    warmup_days: int = param(60, low=0, high=3650)
    initial_adults_per_site: float = param(5.0, low=0.0, high=1e4)

    def __post_init__(self) -> None:
        validate(self)
        if self.egg_stage_days >= self.development_days:
            raise ConfigError("egg_stage_days", self.egg_stage_days,
                              f"must be below development_days={self.development_days}")
