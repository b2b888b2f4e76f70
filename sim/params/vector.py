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

from sim.validation import check_choice, check_int, check_probability, check_range

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
        bites_per_mosquito_per_day: blood meals sought per female per day.
        max_bites_per_human_per_day: bites a person tolerates per day.
        gonotrophic_cycle_days: days between egg batches.
        eggs_per_batch: eggs laid per batch (both sexes).
        female_fraction: share of eggs that become females.
        development_days: egg-to-adult development time (days, 5-60).
        larval_base_mortality_per_day: density-independent immature mortality.
        larval_density_alpha: density-dependent mortality coefficient (> 0).
        p_move_per_day: chance an adult moves to a neighbouring cell each day.
        host_attraction: extra weight (x) for moving into a cell with people.
        capacity_scale: multiplies every site's larval capacity (calibration knob, > 0).
        warmup_days: days of vector-only dynamics before day 0, so the
            mosquito population starts near its equilibrium.
        initial_adults_per_site: adults released at each wet site to start the warm-up.
    """

    name: str = "albopictus"
    engine: str = "arrays"
    daily_survival: float = 0.93
    bites_per_mosquito_per_day: float = 0.26
    max_bites_per_human_per_day: float = 19.0
    gonotrophic_cycle_days: float = 3.5
    eggs_per_batch: float = 63.0
    female_fraction: float = 0.5
    development_days: int = 9
    larval_base_mortality_per_day: float = 0.01
    larval_density_alpha: float = 1.5
    p_move_per_day: float = 0.8
    host_attraction: float = 2.0
    capacity_scale: float = 4.95
    warmup_days: int = 60
    initial_adults_per_site: float = 5.0

    def __post_init__(self) -> None:
        check_choice("engine", self.engine, ENGINES)
        # < 1: immortal adults would accumulate without bound (field values 0.7-0.97).
        check_range("daily_survival", self.daily_survival, 0.0, 0.99)
        check_range("bites_per_mosquito_per_day", self.bites_per_mosquito_per_day, 0.0, 1.0)
        check_range("max_bites_per_human_per_day", self.max_bites_per_human_per_day, 0.0, 1000.0)
        check_range("gonotrophic_cycle_days", self.gonotrophic_cycle_days, 1.0, 30.0)
        check_range("eggs_per_batch", self.eggs_per_batch, 0.0, 1000.0)
        check_probability("female_fraction", self.female_fraction)
        # >= 5: egg-to-adult takes about a week even in heat; shorter explodes the population.
        check_int("development_days", self.development_days, 5, 60)
        check_range("larval_base_mortality_per_day", self.larval_base_mortality_per_day, 0.0, 1.0)
        # Both > 0: without density-dependent mortality the immatures grow without bound.
        check_range("larval_density_alpha", self.larval_density_alpha, 0.0, 100.0, low_open=True)
        check_probability("p_move_per_day", self.p_move_per_day)
        check_range("host_attraction", self.host_attraction, 0.0, 1000.0)
        check_range("capacity_scale", self.capacity_scale, 0.0, 1000.0, low_open=True)
        check_int("warmup_days", self.warmup_days, 0, 3650)
        check_range("initial_adults_per_site", self.initial_adults_per_site, 0.0, 1e4)
