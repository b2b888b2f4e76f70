"""Staffing and strategy parameters: trigger x workforce x targeting x actions.

Every mechanism of the 2025 Shunde campaign is a named, configurable part.
Effect sizes and their sources:

- indoor knockdown of adults 64-83% in the treated house, back near baseline
  within a month (Gunning et al. 2018, PLoS NTD; Kawiecki et al. 2024);
- outdoor vehicle ULV has no detectable effect on *Ae. albopictus*, hand-held
  thermal fogging cut females by > 90% (Parasit Vectors 2016, PMC5120493);
- larvicide persistence: Bti ~2 weeks outdoors, ~8 weeks indoors (Trop Biomed
  2015, 32:684);
- onset-to-report delay fell from 4 d to 1 d once the campaign began (Zhang M
  et al., Infect Dis Poverty 2025);
- ring radii: core ~100 m, warning a further ~200 m (2014 national dengue
  scheme; the 2025 scheme is widely reported with a 200 m core: *unverified*);
- core area surveyed within 1-2 d of a case and every 2-3 d until the Breteau
  index is below 5; warning area weekly (national emergency vector scheme).

Times per action, skills and fatigue rates are not in the sources: they are
plausible defaults (*unverified*), kept as parameters for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.errors import ConfigError
from sim.validation import check_choice, check_int, check_probability, check_range

__all__ = [
    "COMPOSITIONS",
    "DeploymentParams",
    "InspectionParams",
    "OutdoorParams",
    "PeacetimeParams",
    "PublicityParams",
    "StaffingParams",
    "StrategyParams",
    "TargetingParams",
    "TriggerParams",
    "WorkforceParams",
]

#: Team compositions: the roles of one team, leader first.
COMPOSITIONS: dict[str, tuple[str, ...]] = {
    "cadre_only": ("cadre", "cadre"),
    "medic_only": ("medic",),
    "cadre_grid": ("cadre", "grid_worker"),
    "three_person": ("cadre", "grid_worker", "medic"),
}


@dataclass(frozen=True)
class StaffingParams:
    """How many people of each role the campaign can call on.

    Attributes:
        name: preset name.
        cadres: deployable party cadres.
        grid_workers: grid workers (know the households, hold keys).
        medics: village doctors and CDC staff.
        cadre_units: party units; each is paired with one group ("double
            reporting") and its members work there.
    """

    name: str = "default"
    cadres: int = 60
    grid_workers: int = 12
    medics: int = 8
    cadre_units: int = 6

    def __post_init__(self) -> None:
        check_int("cadres", self.cadres, 0, 1_000_000)
        check_int("grid_workers", self.grid_workers, 0, 1_000_000)
        check_int("medics", self.medics, 0, 1_000_000)
        check_int("cadre_units", self.cadre_units, 1, 100_000)


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

    Attributes:
        enabled: use a full-deployment window.
        start_after_wartime_days: window start, days after wartime work begins.
        duration_days: window length (Shunde: one week from 24 July 2025).
        availability: share of cadres on duty each day in the window (all but
            essential posts).
        part_time_availability: share of cadres on duty on other wartime days.
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
    """Who works, how well, and for how long.

    Attributes:
        composition: team composition, one of :data:`COMPOSITIONS`.
        training_days: days of training after mobilisation before staff deploy
            (0 = deploy untrained at once).
        untrained_skill, trained_skill: chance to find each wet container.
        mentoring_per_day: daily gain of an untrained member towards trained
            skill when working beside a trained one ("the experienced bring the new").
        hours_per_day: working hours of a team (h).
        grid_worker_availability, medic_availability: share on duty per wartime day.
        fatigue_per_day: fatigue added per day worked (0..1 scale).
        recovery_per_day: fatigue removed per day of rest.
        fatigue_rest_threshold: staff this tired rest, if relief allows.
        medic_rotation: medics are relieved (rest) once cadres deploy in full.
        medic_rest_days: days of rest per medic rotation.
    """

    composition: str = "cadre_only"
    training_days: int = 0
    untrained_skill: float = 0.55
    trained_skill: float = 0.9
    mentoring_per_day: float = 0.1
    hours_per_day: float = 8.0
    grid_worker_availability: float = 0.9
    medic_availability: float = 1.0
    fatigue_per_day: float = 0.06
    recovery_per_day: float = 0.25
    fatigue_rest_threshold: float = 0.95
    medic_rotation: bool = False
    medic_rest_days: int = 3

    def __post_init__(self) -> None:
        check_choice("composition", self.composition, COMPOSITIONS)
        check_int("training_days", self.training_days, 0, 365)
        check_probability("untrained_skill", self.untrained_skill)
        check_probability("trained_skill", self.trained_skill)
        check_range("mentoring_per_day", self.mentoring_per_day, 0.0, 1.0)
        check_range("hours_per_day", self.hours_per_day, 0.5, 24.0)
        check_probability("grid_worker_availability", self.grid_worker_availability)
        check_probability("medic_availability", self.medic_availability)
        check_range("fatigue_per_day", self.fatigue_per_day, 0.0, 1.0)
        check_range("recovery_per_day", self.recovery_per_day, 0.0, 1.0)
        check_range("fatigue_rest_threshold", self.fatigue_rest_threshold, 0.0, 1.0)
        check_int("medic_rest_days", self.medic_rest_days, 0, 365)


@dataclass(frozen=True)
class TargetingParams:
    """Where teams go.

    Attributes:
        mode: ``none``, ``sweep`` (group by group, house by house), ``ring``
            (core/warning circles around reported cases) or ``ring_then_sweep``
            (ring work first, spare capacity sweeps the paired group).
        core_radius_m, warning_radius_m, outer_radius_m: ring radii (m), increasing.
        core_revisit_days: revisit interval inside the core (d).
        warning_revisit_days: revisit interval inside the warning circle (d).
        core_breteau_target: core revisits stop once the core's observed
            Breteau index is below this.
        ring_expiry_days: a ring closes this long after its last case (d).
        sweep_revisit_days: a swept house is due again after this long (d).
        include_idle_houses: teams open and treat idle (locked) houses.
    """

    mode: str = "none"
    core_radius_m: float = 100.0
    warning_radius_m: float = 300.0
    outer_radius_m: float = 500.0
    core_revisit_days: int = 3
    warning_revisit_days: int = 7
    core_breteau_target: float = 5.0
    ring_expiry_days: int = 25
    sweep_revisit_days: int = 14
    include_idle_houses: bool = False

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, ("none", "sweep", "ring", "ring_then_sweep"))
        check_range("core_radius_m", self.core_radius_m, 0.0, 100_000.0, low_open=True)
        check_range("warning_radius_m", self.warning_radius_m, 0.0, 100_000.0)
        check_range("outer_radius_m", self.outer_radius_m, 0.0, 100_000.0)
        if not self.core_radius_m < self.warning_radius_m < self.outer_radius_m:
            raise ConfigError(
                "warning_radius_m", self.warning_radius_m,
                f"ring radii must increase: core ({self.core_radius_m:g}) < warning < outer "
                f"({self.outer_radius_m:g})",
            )
        check_int("core_revisit_days", self.core_revisit_days, 1, 365)
        check_int("warning_revisit_days", self.warning_revisit_days, 1, 365)
        check_range("core_breteau_target", self.core_breteau_target, 0.0, 1000.0)
        check_int("ring_expiry_days", self.ring_expiry_days, 1, 3650)
        check_int("sweep_revisit_days", self.sweep_revisit_days, 1, 3650)


@dataclass(frozen=True)
class InspectionParams:
    """The six-step household inspection (ask, check, look, flip, teach, kill) and case work.

    Attributes:
        p_clear_found: chance a found container is emptied or treated.
        p_clear_found_idle: the same inside idle houses (eight-action routine;
            Shunde reported 89.59% there against 98.84% overall).
        medic_quality_bonus: a medic in the team multiplies the chance to find
            a container by (1 + bonus), capped at 0.99.
        larvicide: containers that cannot be emptied (plants) get larvicide.
        larvicide_persistence_days: larvicide effect (d; Bti indoors ~8 weeks).
        teach_awareness_gain: share of the gap to full awareness closed per visit.
        indoor_knockdown: adults killed in the visited house's cell ("kill" step).
        fever_screening: ask about fever and report ill residents at once.
        screening_sensitivity_with_medic, screening_sensitivity_without_medic:
            chance an ill resident is recognised.
        isolation: reported cases are isolated under nets.
        net_efficacy: reduction of mosquito infection from an isolated case.
        report_delay_days_wartime: median onset-to-report delay in wartime (d).
        recheck_fraction: share of visited houses rechecked (quality control).
        recheck_after_days: days from visit to recheck.
        walk_minutes_per_cell: walking time per cell (min).
        entry_minutes, entry_minutes_with_grid_worker: time to gain entry (min).
        inspection_minutes: time for the six steps (min).
        unlock_minutes, unlock_minutes_with_grid_worker: opening an idle house (min).
        idle_routine_minutes: the eight-action routine in an idle house (min).
    """

    p_clear_found: float = 0.99
    p_clear_found_idle: float = 0.9
    medic_quality_bonus: float = 0.15
    larvicide: bool = False
    larvicide_persistence_days: int = 56
    teach_awareness_gain: float = 0.3
    indoor_knockdown: float = 0.0
    fever_screening: bool = False
    screening_sensitivity_with_medic: float = 0.9
    screening_sensitivity_without_medic: float = 0.5
    isolation: bool = False
    net_efficacy: float = 0.8
    report_delay_days_wartime: float = 4.0
    recheck_fraction: float = 0.0
    recheck_after_days: int = 3
    walk_minutes_per_cell: float = 0.5
    entry_minutes: float = 10.0
    entry_minutes_with_grid_worker: float = 3.0
    inspection_minutes: float = 15.0
    unlock_minutes: float = 45.0
    unlock_minutes_with_grid_worker: float = 10.0
    idle_routine_minutes: float = 20.0

    def __post_init__(self) -> None:
        for name in ("p_clear_found", "p_clear_found_idle", "teach_awareness_gain",
                     "indoor_knockdown", "screening_sensitivity_with_medic",
                     "screening_sensitivity_without_medic", "net_efficacy", "recheck_fraction"):
            check_probability(name, getattr(self, name))
        check_range("medic_quality_bonus", self.medic_quality_bonus, 0.0, 10.0)
        check_int("larvicide_persistence_days", self.larvicide_persistence_days, 0, 3650)
        check_range("report_delay_days_wartime", self.report_delay_days_wartime, 0.0, 60.0)
        check_int("recheck_after_days", self.recheck_after_days, 1, 365)
        for name in ("walk_minutes_per_cell", "entry_minutes", "entry_minutes_with_grid_worker",
                     "inspection_minutes", "unlock_minutes", "unlock_minutes_with_grid_worker",
                     "idle_routine_minutes"):
            check_range(name, getattr(self, name), 0.0, 600.0)
        if self.inspection_minutes <= 0:
            raise ConfigError("inspection_minutes", self.inspection_minutes, "must be > 0")


@dataclass(frozen=True)
class OutdoorParams:
    """Space spraying, environmental clean-up and the construction-site closed loop.

    Attributes:
        spraying: spray zones in wartime.
        spray_method: ``handheld`` (thermal fogging) or ``vehicle`` (ULV).
        spray_kill_handheld, spray_kill_vehicle: adult kill fraction per spraying.
        spray_residual_days: days the residual keeps killing (daily extra kill).
        spray_residual_kill_per_day: extra daily kill while the residual lasts.
        spray_interval_days: days between sprayings of the same zone.
        spray_zone: ``rings`` (warning circles) or ``village`` (every cell).
        cleanup: clean public sites (weeds, garbage, puddles) in wartime.
        cleanup_sites_per_day: public sites a clean-up crew clears per day.
        cleanup_drive_days: wartime days (0 = first wartime day) of a mass
            clean-up drive that clears every public site it finds.
        construction_loop: check -> feedback -> rectify -> recheck at construction sites.
        rectify_delay_days: days from feedback to the owner's rectification.
        recheck_delay_days: days from rectification to the recheck that closes it.
    """

    spraying: bool = False
    spray_method: str = "handheld"
    spray_kill_handheld: float = 0.5
    spray_kill_vehicle: float = 0.05
    spray_residual_days: int = 3
    spray_residual_kill_per_day: float = 0.1
    spray_interval_days: int = 7
    spray_zone: str = "rings"
    cleanup: bool = False
    cleanup_sites_per_day: int = 10
    cleanup_drive_days: tuple[int, ...] = ()
    construction_loop: bool = False
    rectify_delay_days: int = 3
    recheck_delay_days: int = 3

    def __post_init__(self) -> None:
        check_choice("spray_method", self.spray_method, ("handheld", "vehicle"))
        check_probability("spray_kill_handheld", self.spray_kill_handheld)
        check_probability("spray_kill_vehicle", self.spray_kill_vehicle)
        check_int("spray_residual_days", self.spray_residual_days, 0, 365)
        check_probability("spray_residual_kill_per_day", self.spray_residual_kill_per_day)
        check_int("spray_interval_days", self.spray_interval_days, 1, 365)
        check_choice("spray_zone", self.spray_zone, ("rings", "village"))
        check_int("cleanup_sites_per_day", self.cleanup_sites_per_day, 0, 1_000_000)
        for i, d in enumerate(self.cleanup_drive_days):
            check_int(f"cleanup_drive_days[{i}]", d, 0, 3650)
        check_int("rectify_delay_days", self.rectify_delay_days, 0, 365)
        check_int("recheck_delay_days", self.recheck_delay_days, 1, 365)


def _default_channels() -> dict[str, float]:
    return {"leaflets": 0.04, "loudspeakers": 0.04, "short_videos": 0.04, "dialect_talks": 0.03}


@dataclass(frozen=True)
class PublicityParams:
    """Publicity raises awareness zone by zone, with diminishing returns.

    Each event reaches one group and closes a share of the gap to full
    awareness equal to the sum of its channels' gains; coils handed out cut
    bites on household members.

    Attributes:
        enabled: run wartime publicity.
        events_per_day: publicity events per wartime day (each reaches one group).
        channels: awareness gain per event of each channel.
        peacetime_gain_per_week: low-intensity peacetime publicity, whole village.
        coils: mosquito coils handed out (at publicity events and visits).
        coil_efficacy: chance a bite on a protected person is prevented.
        coil_days: days a coil hand-out protects.
    """

    enabled: bool = False
    events_per_day: float = 1.0
    channels: dict[str, float] = field(default_factory=_default_channels)
    peacetime_gain_per_week: float = 0.0
    coils: bool = False
    coil_efficacy: float = 0.15
    coil_days: int = 14

    def __post_init__(self) -> None:
        check_range("events_per_day", self.events_per_day, 0.0, 1000.0)
        for name, gain in self.channels.items():
            check_probability(f"channels.{name}", gain)
        check_probability("peacetime_gain_per_week", self.peacetime_gain_per_week)
        check_probability("coil_efficacy", self.coil_efficacy)
        check_int("coil_days", self.coil_days, 0, 365)


@dataclass(frozen=True)
class PeacetimeParams:
    """Routine work before (and without) the wartime switch.

    Attributes:
        routine_teams: professional vector-control teams (medic-only) at work.
        routine_days_per_week: their working days per week.
    """

    routine_teams: int = 0
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
