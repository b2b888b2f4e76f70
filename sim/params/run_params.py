"""Top-level run parameters: the seed, the horizon, the outbreak seeding and residents."""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.errors import ConfigError
from sim.params.disease import DiseaseParams
from sim.params.district import DistrictParams
from sim.params.fields import param, probability, validate
from sim.params.organisation import check_organisation
from sim.params.season import SeasonParams
from sim.params.strategy import StrategyParams
from sim.params.vector import VectorParams
from sim.params.village import VillageParams
from sim.params.workforce import RoleParams, StaffingParams, TeamShapeParams

__all__ = ["OutbreakParams", "ResidentParams", "RunParams"]


@dataclass(frozen=True)
class OutbreakParams:
    """How the virus enters the village and when the outbreak counts as over.

    Attributes:
        seed_infections: imported infections introduced on each of ``seed_days``.
        seed_days: days (0-based) on which seed infections arrive.
        import_rate_per_day: mean further imported infections per day (Poisson).
        quiet_days_for_end: days without a new reported case after which the
            outbreak is over (25 d, Chinese dengue practice; *unverified*).
    """

    seed_infections: int = param(3, low=0, high=1_000_000)
    seed_days: tuple[int, ...] = param((0,), low=0, high=100_000)
    import_rate_per_day: float = param(0.0, low=0.0, high=10_000.0)
    quiet_days_for_end: int = param(25, low=1, high=3650)

    def __post_init__(self) -> None:
        validate(self)
        if len(set(self.seed_days)) != len(self.seed_days):
            raise ConfigError("seed_days", list(self.seed_days),
                              "days must not repeat (seed_infections arrive once per listed day)")


@dataclass(frozen=True)
class ResidentParams:
    """Residents' own container habits, driven by household awareness (0..1).

    Attributes:
        initial_awareness: awareness of every household on day 0.
        p_self_clear_per_day: chance per day that a fully aware household
            empties a wet container it notices (scaled by awareness).
        p_recreate_per_day: chance per day that an empty container of an
            unaware household holds water again (scaled by 1 - awareness).
        idle_refill_per_day: refill chance for containers of idle houses (rain).
        awareness_decay_per_day: daily relaxation of awareness back to its
            initial value (fraction of the gap).
        p_bite_away_from_home: share of bites people receive away from home
            (work, market, neighbours): 0.37 is fitted to Foshan 2025
            (``analysis/calibrate.py`` and the README's calibration section; search
            range 0.3-0.7; steps of 0.06 either way raised the objective by more than
            two seed standard errors).
        exposure_cv: coefficient of variation of households' exposure to bites
            (gamma, mean 1; :mod:`sim.exposure`). At least 1.05 by the 20/80 rule
            (Woolhouse et al. 1997); 2.2 is fitted to Foshan 2025 (range 1.98-2.42
            within two seed standard errors; search range 1.05-2.5): the most exposed
            20% of households hold about 98% of the transmission potential. 0 makes
            everyone equally exposed.
    """

    initial_awareness: float = probability(0.2)
    p_self_clear_per_day: float = probability(0.15)
    p_recreate_per_day: float = probability(0.05)
    idle_refill_per_day: float = probability(0.02)
    awareness_decay_per_day: float = probability(0.01)
    p_bite_away_from_home: float = probability(0.37)
    exposure_cv: float = param(2.2, low=0.0, high=5.0)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class RunParams:
    """Everything one simulation run needs. Built from the composed Hydra config.

    Attributes:
        seed: the one integer seed of the run.
        days: days simulated after the vector warm-up.
        roles: the campaign roles by name (``configs/roles``).
        team_shapes: the kinds of team by name (``configs/team_shapes``).
        staffing: the staff pool by role.
        event_log: keep a per-action event log (``events.csv``).
        district: the district of villages (``district=none``: the single village).
    """

    seed: int = param(0, low=0, high=2**63 - 1, ui_high=99)
    days: int = param(180, low=1, high=3650, ui_high=365)
    village: VillageParams = field(default_factory=VillageParams)
    vector: VectorParams = field(default_factory=VectorParams)
    disease: DiseaseParams = field(default_factory=DiseaseParams)
    outbreak: OutbreakParams = field(default_factory=OutbreakParams)
    residents: ResidentParams = field(default_factory=ResidentParams)
    season: SeasonParams = field(default_factory=SeasonParams)
    roles: dict[str, RoleParams] = field(default_factory=dict)
    team_shapes: dict[str, TeamShapeParams] = field(default_factory=dict)
    staffing: StaffingParams = field(default_factory=StaffingParams)
    strategy: StrategyParams = field(default_factory=StrategyParams)
    event_log: bool = False
    district: DistrictParams = field(default_factory=DistrictParams)

    def __post_init__(self) -> None:
        validate(self)
        check_organisation(self.roles, self.team_shapes, self.staffing, self.strategy)
        late = [d for d in self.outbreak.seed_days if d >= self.days]
        if late:
            raise ConfigError(
                "outbreak.seed_days", list(self.outbreak.seed_days),
                f"every seed day must be < days={self.days}",
            )
        if self.district.enabled:
            from sim.district.checks import check_district  # the district's map is drawn to check it

            check_district(self)
