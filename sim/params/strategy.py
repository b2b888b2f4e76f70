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
from sim.validation import check_choice, check_int, check_probability, check_range

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

    mode: str = "never"
    case_threshold: int = 1
    day: int = 0
    mobilisation_delay_days: int = 2

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, ("never", "first_report", "case_threshold", "day"))
        check_int("case_threshold", self.case_threshold, 1, 1_000_000)
        check_int("day", self.day, 0, 100_000)
        check_int("mobilisation_delay_days", self.mobilisation_delay_days, 0, 365)


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
    start_after_wartime_days: int = 0
    duration_days: int = 7
    availability: float = 0.95
    part_time_availability: float = 0.25

    def __post_init__(self) -> None:
        check_int("start_after_wartime_days", self.start_after_wartime_days, 0, 3650)
        check_int("duration_days", self.duration_days, 1, 3650)
        check_probability("availability", self.availability)
        check_probability("part_time_availability", self.part_time_availability)


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
    max_teams: dict[str, int] = field(default_factory=dict)
    training_days: int = 0
    mentoring_per_day: float = 0.1
    hours_per_day: float = 8.0
    fatigue_per_day: float = 0.06
    recovery_per_day: float = 0.25
    fatigue_rest_threshold: float = 0.95
    fatigue_penalty: float = 0.3
    medic_rotation: bool = False
    medic_rest_share: float = 0.5
    medic_rest_days: int = 3

    def __post_init__(self) -> None:
        if len(set(self.teams)) != len(self.teams):
            raise ConfigError("teams", list(self.teams), "a team shape is listed twice")
        for shape, most in self.max_teams.items():
            check_int(f"max_teams.{shape}", most, 0, 1_000_000)
        check_int("training_days", self.training_days, 0, 365)
        check_range("mentoring_per_day", self.mentoring_per_day, 0.0, 1.0)
        check_range("hours_per_day", self.hours_per_day, 0.5, 24.0)
        check_range("fatigue_per_day", self.fatigue_per_day, 0.0, 1.0)
        check_range("recovery_per_day", self.recovery_per_day, 0.0, 1.0)
        check_range("fatigue_rest_threshold", self.fatigue_rest_threshold, 0.0, 1.0)
        check_probability("fatigue_penalty", self.fatigue_penalty)
        check_probability("medic_rest_share", self.medic_rest_share)
        check_int("medic_rest_days", self.medic_rest_days, 1, 365)


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

    mode: str = "none"
    allocation: str = "houses"
    case_window_days: int = 14
    core_radius_m: float = 100.0
    warning_radius_m: float = 300.0
    outer_radius_m: float = 500.0
    core_revisit_days: int = 3
    warning_revisit_days: int = 7
    outer_revisit_days: int = 7
    core_breteau_target: float = 5.0
    core_survey_share: float = 0.5
    core_work: tuple[str, ...] = ("visit", "spray")
    warning_work: tuple[str, ...] = ("visit", "spray")
    outer_work: tuple[str, ...] = ("publicity", "cleanup")
    ring_expiry_days: int = 25
    sweep_revisit_days: int = 14
    include_idle_houses: bool = False

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, ("none", "sweep", "ring", "ring_then_sweep"))
        check_choice("allocation", self.allocation, ("houses", "cases"))
        check_int("case_window_days", self.case_window_days, 1, 3650)
        check_range("core_radius_m", self.core_radius_m, 0.0, 100_000.0, low_open=True)
        check_range("warning_radius_m", self.warning_radius_m, 0.0, 100_000.0)
        check_range("outer_radius_m", self.outer_radius_m, 0.0, 100_000.0)
        if not self.core_radius_m < self.warning_radius_m < self.outer_radius_m:
            raise ConfigError(
                "warning_radius_m", self.warning_radius_m,
                f"ring radii must increase: core ({self.core_radius_m:g}) < warning < outer "
                f"({self.outer_radius_m:g})",
            )
        for name in ("core_revisit_days", "warning_revisit_days", "outer_revisit_days"):
            check_int(name, getattr(self, name), 1, 365)
        check_range("core_breteau_target", self.core_breteau_target, 0.0, 1000.0)
        check_probability("core_survey_share", self.core_survey_share)
        for name in ("core_work", "warning_work", "outer_work"):
            work = getattr(self, name)
            for i, w in enumerate(work):
                check_choice(f"{name}[{i}]", w, RING_WORK)
            if len(set(work)) != len(work):
                raise ConfigError(name, list(work), "a kind of work is listed twice")
        check_int("ring_expiry_days", self.ring_expiry_days, 1, 3650)
        check_int("sweep_revisit_days", self.sweep_revisit_days, 1, 3650)

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

    routine_teams: int = 0
    routine_shape: str = "professional"
    routine_days_per_week: int = 5

    def __post_init__(self) -> None:
        check_int("routine_teams", self.routine_teams, 0, 10_000)
        check_int("routine_days_per_week", self.routine_days_per_week, 0, 7)


@dataclass(frozen=True)
class StrategyParams:
    """A campaign strategy: trigger x workforce x targeting x actions.

    Attributes:
        name: preset name.
    """

    name: str = "baseline"
    trigger: TriggerParams = field(default_factory=TriggerParams)
    deployment: DeploymentParams = field(default_factory=DeploymentParams)
    workforce: WorkforceParams = field(default_factory=WorkforceParams)
    targeting: TargetingParams = field(default_factory=TargetingParams)
    inspection: InspectionParams = field(default_factory=InspectionParams)
    outdoor: OutdoorParams = field(default_factory=OutdoorParams)
    publicity: PublicityParams = field(default_factory=PublicityParams)
    peacetime: PeacetimeParams = field(default_factory=PeacetimeParams)
