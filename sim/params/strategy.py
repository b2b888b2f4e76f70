"""Campaign strategies: trigger x workforce x targeting x actions.

Every mechanism of the 2025 Shunde campaign is a named, configurable part.
Sources for the targeting rules:

- ring radii: core ~100 m, warning a further ~200 m (2014 national dengue
  scheme; the 2025 scheme is widely reported with a 200 m core: *unverified*);
- core area surveyed within 1-2 d of a case and every 2-3 d until the Breteau
  index is below 5; warning area weekly; outer area publicity and clean-up
  (national dengue vector emergency monitoring scheme).

What teams do in houses and outdoors is in :mod:`sim.params.actions`; who they
are (roles, team shapes, the staff pool) in :mod:`sim.params.workforce`.
Fatigue rates and the revisit intervals of sweeps are plausible defaults
(*unverified*), kept as parameters for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.errors import ConfigError
from sim.params.actions import InspectionParams, OutdoorParams, PublicityParams
from sim.params.fields import label, param, probability, validate

__all__ = [
    "RING_WORK",
    "DeploymentParams",
    "PeacetimeParams",
    "StrategyParams",
    "TargetingParams",
    "TriggerParams",
    "WorkforceParams",
]

#: Work a ring zone can receive (each done by teams whose shape does that work).
RING_WORK: tuple[str, ...] = ("visit", "spray", "publicity", "cleanup", "supply")
TRIGGER_MODES: tuple[str, ...] = ("never", "first_report", "case_threshold", "day")
TARGETING_MODES: tuple[str, ...] = ("none", "sweep", "ring", "ring_then_sweep")
ALLOCATIONS: tuple[str, ...] = ("houses", "cases")


@dataclass(frozen=True)
class TriggerParams:
    """Peacetime -> wartime switch.

    Attributes:
        mode: ``never`` (stay in peacetime), ``first_report`` (the first reported
            case), ``case_threshold`` (cumulative reported cases), ``day`` (a fixed day).
        case_threshold: reported cases that switch to wartime (``case_threshold`` mode).
        day: switch day (``day`` mode).
        mobilisation_delay_days: days from the switch to the first wartime work.
    """

    mode: str = param("never", choices=TRIGGER_MODES)
    case_threshold: int = param(1, low=1, high=1_000_000)
    day: int = param(0, low=0, high=100_000)
    mobilisation_delay_days: int = param(2, low=0, high=365)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class DeploymentParams:
    """Full cadre deployment: a window in which every cadre works full time.

    Applies to the roles marked ``full_deployment`` (party cadres, leaders).

    Attributes:
        enabled: use a full-deployment window.
        start_after_wartime_days: window start, days after wartime work begins.
        duration_days: window length (Shunde: one week from 24 July 2025).
        availability: share of those roles on duty each day in the window (all
            but essential posts).
        part_time_availability: share of those roles on duty on other wartime days.
    """

    enabled: bool = False
    start_after_wartime_days: int = param(0, low=0, high=3650)
    duration_days: int = param(7, low=1, high=3650)
    availability: float = probability(0.95)
    part_time_availability: float = probability(0.25)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class WorkforceParams:
    """Which teams are formed, how they are trained, and how long they work.

    Attributes:
        teams: team shapes formed each day, in this order, each followed by its
            fallback shapes from the people left over.
        max_teams: team shape -> most teams of that shape (with its fallbacks)
            a day; shapes not given are formed as many as the staff on duty allow.
        training_days: days of training after mobilisation before staff deploy
            (0 = deploy untrained at once).
        mentoring_per_day: share of the gap between a role's untrained and trained
            skill closed per day worked beside a trained member ("the
            experienced bring the new").
        hours_per_day: working hours of a team (h), unless its shape says otherwise.
        fatigue_per_day: fatigue added per day worked (0..1 scale).
        recovery_per_day: fatigue removed per day of rest.
        fatigue_rest_threshold: staff this tired rest, if their role rests when tired.
        fatigue_penalty: share of working time and of the chance to find
            containers lost at full fatigue (*unverified*).
        medic_rotation: in the full-deployment window, cadres relieve medics.
        medic_rest_share: share of medics resting on each full-deployment day.
        medic_rest_days: days of rest of a relieved medic.
    """

    teams: tuple[str, ...] = ()
    max_teams: dict[str, int] = param(factory=dict, low=0, high=1_000_000)
    training_days: int = param(0, low=0, high=365)
    mentoring_per_day: float = param(0.1, low=0.0, high=1.0)
    hours_per_day: float = param(8.0, low=0.5, high=24.0)
    fatigue_per_day: float = param(0.06, low=0.0, high=1.0)
    recovery_per_day: float = param(0.25, low=0.0, high=1.0)
    fatigue_rest_threshold: float = param(0.95, low=0.0, high=1.0)
    fatigue_penalty: float = probability(0.3)
    medic_rotation: bool = False
    medic_rest_share: float = probability(0.5)
    medic_rest_days: int = param(3, low=1, high=365)

    def __post_init__(self) -> None:
        validate(self)
        if len(set(self.teams)) != len(self.teams):
            raise ConfigError("teams", list(self.teams), "a team shape is listed twice")


@dataclass(frozen=True)
class TargetingParams:
    """Where teams go.

    Attributes:
        mode: ``none``, ``sweep`` (area by area, house by house), ``ring``
            (zones around reported cases) or ``ring_then_sweep`` (ring work
            first, spare teams sweep).
        allocation: how teams are spread over the areas: ``houses`` (in
            proportion to houses) or ``cases`` (to known risk: cases reported in
            the last ``case_window_days``, plus one case spread by houses).
        case_window_days: window of recent reported cases for ``cases`` (d).
        core_radius_m, warning_radius_m, outer_radius_m: ring radii (m), increasing.
        core_revisit_days, warning_revisit_days, outer_revisit_days: interval
            between rounds of work in each zone of a ring (d).
        core_breteau_target: house visits in a core stop once the core's
            observed Breteau index is below this.
        core_survey_share: share of the core's houses inspected since the ring
            opened before its observed Breteau index counts (*unverified*).
        core_work, warning_work, outer_work: work each zone receives (see
            :data:`RING_WORK`); work with no team to do it is skipped.
        ring_expiry_days: a ring closes this long after its last case (d).
        sweep_revisit_days: a swept house is due again after this long (d).
        include_idle_houses: teams open and treat idle (locked) houses.
    """

    mode: str = param("none", choices=TARGETING_MODES)
    allocation: str = param("houses", choices=ALLOCATIONS)
    case_window_days: int = param(14, low=1, high=3650)
    core_radius_m: float = param(100.0, low=0.0, high=100_000.0, low_open=True, ui_high=1000.0)
    warning_radius_m: float = param(300.0, low=0.0, high=100_000.0, ui_high=1000.0)
    outer_radius_m: float = param(500.0, low=0.0, high=100_000.0, ui_high=1000.0)
    core_revisit_days: int = param(3, low=1, high=365)
    warning_revisit_days: int = param(7, low=1, high=365)
    outer_revisit_days: int = param(7, low=1, high=365)
    core_breteau_target: float = param(5.0, low=0.0, high=1000.0)
    core_survey_share: float = probability(0.5)
    core_work: tuple[str, ...] = param(("visit", "spray"), choices=RING_WORK)
    warning_work: tuple[str, ...] = param(("visit", "spray"), choices=RING_WORK)
    outer_work: tuple[str, ...] = param(("publicity", "cleanup"), choices=RING_WORK)
    ring_expiry_days: int = param(25, low=1, high=3650)
    sweep_revisit_days: int = param(14, low=1, high=3650)
    include_idle_houses: bool = False

    def __post_init__(self) -> None:
        validate(self)
        if not self.core_radius_m < self.warning_radius_m < self.outer_radius_m:
            raise ConfigError(
                "warning_radius_m", self.warning_radius_m,
                f"ring radii must increase: core ({self.core_radius_m:g}) < warning < outer "
                f"({self.outer_radius_m:g})",
            )
        for name in ("core_work", "warning_work", "outer_work"):
            work = getattr(self, name)
            if len(set(work)) != len(work):
                raise ConfigError(name, list(work), "a kind of work is listed twice")

    @property
    def uses_rings(self) -> bool:
        """Whether ring zoning is part of the targeting."""
        return self.mode in ("ring", "ring_then_sweep")

    @property
    def sweeps(self) -> bool:
        """Whether spare teams sweep the village."""
        return self.mode in ("sweep", "ring_then_sweep")


@dataclass(frozen=True)
class PeacetimeParams:
    """Routine work before (and without) the wartime switch.

    Attributes:
        routine_teams: professional vector-control teams at work.
        routine_shape: their team shape.
        routine_days_per_week: their working days per week.
    """

    routine_teams: int = param(0, low=0, high=10_000)
    routine_shape: str = "professional"
    routine_days_per_week: int = param(5, low=0, high=7)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class StrategyParams:
    """A campaign strategy: trigger x workforce x targeting x actions.

    Attributes:
        name: preset name.
    """

    name: str = label("baseline")
    trigger: TriggerParams = field(default_factory=TriggerParams)
    deployment: DeploymentParams = field(default_factory=DeploymentParams)
    workforce: WorkforceParams = field(default_factory=WorkforceParams)
    targeting: TargetingParams = field(default_factory=TargetingParams)
    inspection: InspectionParams = field(default_factory=InspectionParams)
    outdoor: OutdoorParams = field(default_factory=OutdoorParams)
    publicity: PublicityParams = field(default_factory=PublicityParams)
    peacetime: PeacetimeParams = field(default_factory=PeacetimeParams)

    def __post_init__(self) -> None:
        validate(self)
