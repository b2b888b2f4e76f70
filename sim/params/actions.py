"""What campaign teams do: house visits, outdoor work and publicity.

Effect sizes and their sources:

- indoor knockdown of adults 64-83% in the treated house, back near baseline
  within a month (Gunning et al. 2018, PLoS NTD; Kawiecki et al. 2024);
- outdoor vehicle ULV has no detectable effect on *Ae. albopictus*, hand-held
  thermal fogging cut females by > 90% (Parasit Vectors 2016, PMC5120493);
- larvicide persistence: Bti ~2 weeks outdoors, ~8 weeks indoors (Trop Biomed
  2015, 32:684);
- onset-to-report delay fell from 4 d to 1 d once the campaign began (Zhang M
  et al., Infect Dis Poverty 2025);
- spraying productivity: Guangzhou's 2014 dengue campaign treated 12 million m2
  with 2,750 sprayer person-times (about 4,400 m2 per sprayer-day, all methods;
  hebei.com.cn, Aug 2014; derived, medium confidence).

Times per action, find and clearing rates, publicity gains and work rates of
crews are not in the sources: they are plausible defaults (*unverified*), kept
as parameters for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.errors import ConfigError
from sim.validation import check_choice, check_int, check_probability, check_range

__all__ = ["InspectionParams", "OutdoorParams", "PublicityParams"]


@dataclass(frozen=True)
class InspectionParams:
    """House visits (the six steps: ask, check, look, flip, teach, kill) and case work.

    Who finds containers, who gets in fast and who recognises fever is a
    property of the team's roles (see :class:`sim.params.workforce.RoleParams`).

    Attributes:
        p_clear_found: chance a found container is emptied or treated.
        p_clear_found_idle: the same inside idle houses (eight-action routine;
            Shunde reported 89.59% there against 98.84% overall).
        thoroughness_untrained: share of ``p_clear_found`` reached by a team of
            untrained staff (fully trained teams reach all of it; *unverified*).
        larvicide: containers that cannot be emptied (plants) get larvicide.
        larvicide_persistence_days: larvicide effect (d; Bti indoors ~8 weeks).
        teach_awareness_gain: share of the gap to full awareness closed per visit.
        indoor_knockdown: adults killed in the visited house's cell ("kill" step).
        fever_screening: ask about fever and report ill residents at once.
        isolation: reported cases are isolated under nets.
        isolation_days: days from the report during which an isolated case is
            under nets (*unverified*; chikungunya viraemia lasts about 6 d after onset).
        net_efficacy: reduction of mosquito infection from an isolated case.
        report_delay_days_wartime: median onset-to-report delay in wartime (d).
        recheck_fraction: share of visited houses rechecked (quality control).
        recheck_after_days: days from visit to recheck.
        walk_minutes_per_cell: walking time per cell (min).
        inspection_minutes: time for the six steps (min).
        idle_routine_minutes: the eight-action routine in an idle house (min).
        supply_minutes_per_house: a door-to-door hand-out of coils and leaflets (min).
        checkpoint_people_per_team_day: people a checkpoint team checks for fever a day.
    """

    p_clear_found: float = 0.99
    p_clear_found_idle: float = 0.9
    thoroughness_untrained: float = 0.7
    larvicide: bool = False
    larvicide_persistence_days: int = 56
    teach_awareness_gain: float = 0.3
    indoor_knockdown: float = 0.0
    fever_screening: bool = False
    isolation: bool = False
    isolation_days: int = 7
    net_efficacy: float = 0.8
    report_delay_days_wartime: float = 4.0
    recheck_fraction: float = 0.0
    recheck_after_days: int = 3
    walk_minutes_per_cell: float = 0.5
    inspection_minutes: float = 15.0
    idle_routine_minutes: float = 20.0
    supply_minutes_per_house: float = 5.0
    checkpoint_people_per_team_day: int = 300

    def __post_init__(self) -> None:
        for name in ("p_clear_found", "p_clear_found_idle", "thoroughness_untrained",
                     "teach_awareness_gain", "indoor_knockdown", "net_efficacy", "recheck_fraction"):
            check_probability(name, getattr(self, name))
        check_int("larvicide_persistence_days", self.larvicide_persistence_days, 0, 3650)
        check_int("isolation_days", self.isolation_days, 1, 365)
        check_range("report_delay_days_wartime", self.report_delay_days_wartime, 0.0, 60.0)
        check_int("recheck_after_days", self.recheck_after_days, 1, 365)
        for name in ("walk_minutes_per_cell", "idle_routine_minutes"):
            check_range(name, getattr(self, name), 0.0, 600.0)
        for name in ("inspection_minutes", "supply_minutes_per_house"):
            check_range(name, getattr(self, name), 0.0, 600.0, low_open=True)
        check_int("checkpoint_people_per_team_day", self.checkpoint_people_per_team_day, 0, 100_000)


@dataclass(frozen=True)
class OutdoorParams:
    """Space spraying, clean-up of public sites and the construction-site closed loop.

    Each is field work: spraying needs teams whose ``work`` is ``spray``,
    clean-up teams whose work is ``cleanup``; construction sites are checked by
    house-visit teams with a member who may do ``construction``.

    Attributes:
        spraying: spray zones in wartime.
        spray_method: ``handheld`` (thermal fogging) or ``vehicle`` (ULV).
        spray_kill_handheld, spray_kill_vehicle: adult kill fraction per spraying.
        spray_residual_days: days the residual keeps killing (daily extra kill).
        spray_residual_kill_per_day: extra daily kill while the residual lasts.
        spray_interval_days: days between sprayings of the same cell.
        spray_zone: ``rings`` (ring zones whose work lists ``spray``) or
            ``village`` (every cell with houses).
        spray_m2_per_person_day: area one sprayer treats in a day (m2; Guangzhou
            2014, derived; see the module docstring).
        cleanup: clean public sites (weeds, garbage, puddles) in wartime.
        cleanup_sites_per_team_day: public sites a clean-up team clears per day.
        cleanup_revisit_days: outside ring zones, a public site is cleaned again after
            this long (d; *unverified*).
        cleanup_drive_days: wartime days (0 = first wartime day) of a mass
            clean-up drive: every team on duty cleans public sites that day.
        construction_loop: check -> feedback -> rectify -> recheck at construction sites.
        construction_check_minutes: a check or recheck of one construction site (min).
        rectify_delay_days: days from feedback to the owner's rectification.
        recheck_delay_days: days from rectification to the recheck that closes it.
        rectified_refill_factor: refill chance of a rectified construction site
            relative to an untouched one, until a clean recheck closes it (*unverified*).
    """

    spraying: bool = False
    spray_method: str = "handheld"
    spray_kill_handheld: float = 0.5
    spray_kill_vehicle: float = 0.05
    spray_residual_days: int = 3
    spray_residual_kill_per_day: float = 0.1
    spray_interval_days: int = 7
    spray_zone: str = "rings"
    spray_m2_per_person_day: float = 4400.0
    cleanup: bool = False
    cleanup_sites_per_team_day: int = 10
    cleanup_revisit_days: int = 7
    cleanup_drive_days: tuple[int, ...] = ()
    construction_loop: bool = False
    construction_check_minutes: float = 60.0
    rectify_delay_days: int = 3
    recheck_delay_days: int = 3
    rectified_refill_factor: float = 0.1

    def __post_init__(self) -> None:
        check_choice("spray_method", self.spray_method, ("handheld", "vehicle"))
        check_probability("spray_kill_handheld", self.spray_kill_handheld)
        check_probability("spray_kill_vehicle", self.spray_kill_vehicle)
        check_int("spray_residual_days", self.spray_residual_days, 0, 365)
        check_probability("spray_residual_kill_per_day", self.spray_residual_kill_per_day)
        check_int("spray_interval_days", self.spray_interval_days, 1, 365)
        check_choice("spray_zone", self.spray_zone, ("rings", "village"))
        check_range("spray_m2_per_person_day", self.spray_m2_per_person_day, 0.0, 1e7, low_open=True)
        check_int("cleanup_sites_per_team_day", self.cleanup_sites_per_team_day, 1, 100_000)
        check_int("cleanup_revisit_days", self.cleanup_revisit_days, 1, 365)
        for i, d in enumerate(self.cleanup_drive_days):
            check_int(f"cleanup_drive_days[{i}]", d, 0, 3650)
        check_range("construction_check_minutes", self.construction_check_minutes, 0.0, 600.0)
        check_int("rectify_delay_days", self.rectify_delay_days, 0, 365)
        check_int("recheck_delay_days", self.recheck_delay_days, 1, 365)
        check_probability("rectified_refill_factor", self.rectified_refill_factor)


def _default_channels() -> dict[str, float]:
    return {"leaflets": 0.04, "loudspeakers": 0.04, "short_videos": 0.04, "dialect_talks": 0.03}


@dataclass(frozen=True)
class PublicityParams:
    """Publicity raises awareness zone by zone, with diminishing returns.

    Each event reaches one zone (a ring's outer circle, or a group) and closes
    a share of the gap to full awareness of ``1 - prod(1 - gain)`` over its
    channels; coils handed out cut bites on household members. Events are
    field work: publicity teams hold ``events_per_team_day`` of them a day.

    Attributes:
        enabled: run wartime publicity.
        events_per_team_day: publicity events one publicity team holds per day.
        channels: awareness gain per event of each channel.
        peacetime_gain_per_week: low-intensity peacetime publicity, whole village
            (broadcasts from the village office: not field work, costs no person-days).
        coils: mosquito coils handed out (at publicity events, visits and supply rounds).
        coil_efficacy: chance a bite on a protected person is prevented.
        coil_days: days a coil hand-out protects.
    """

    enabled: bool = False
    events_per_team_day: int = 2
    channels: dict[str, float] = field(default_factory=_default_channels)
    peacetime_gain_per_week: float = 0.0
    coils: bool = False
    coil_efficacy: float = 0.15
    coil_days: int = 14

    def __post_init__(self) -> None:
        check_int("events_per_team_day", self.events_per_team_day, 1, 1000)
        for name, gain in self.channels.items():
            check_probability(f"channels.{name}", gain)
        check_probability("peacetime_gain_per_week", self.peacetime_gain_per_week)
        check_probability("coil_efficacy", self.coil_efficacy)
        check_int("coil_days", self.coil_days, 0, 365)
        if not self.channels and self.enabled:
            raise ConfigError("channels", {}, "publicity needs at least one channel")
