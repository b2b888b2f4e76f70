"""What campaign teams do: house visits, outdoor work and publicity.

Effect sizes and their sources:

- indoor knockdown of adults 64-83% in the treated house, back near baseline
  within a month (Gunning et al. 2018, PLoS NTD; Kawiecki et al. 2024; both
  *Ae. aegypti*, which rests indoors: for *albopictus* it reaches only the
  indoor-resting share, ``vector.indoor_resting_share``);
- hand-held thermal fogging against *Ae. albopictus* in China: 97.4% and 91.6%
  fewer landing females at 30 minutes, 47.5% and 40.1% at 24 hours (two
  pyrethroid formulations; Chinese journal abstract, authors not retrieved):
  the kill is the 24-hour figure, credible 0.40-0.48; about half the 30-minute
  knockdown is gone within a day, hence a residual effect halving daily;
- outdoor vehicle ULV has no detectable effect on *Ae. albopictus* (Nice,
  Parasit Vectors 2016, PMC5120493): kill 0, credible 0-0.1;
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

from sim.params.fields import param, probability, validate

__all__ = ["ChannelParams", "InspectionParams", "OutdoorParams", "PublicityParams"]


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
        indoor_knockdown: share of the adults resting inside the visited house that
            the "kill" step kills (0.64-0.83, Gunning et al. 2018; presets use 0.7).
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

    p_clear_found: float = probability(0.99)
    p_clear_found_idle: float = probability(0.9)
    thoroughness_untrained: float = probability(0.7)
    larvicide: bool = False
    larvicide_persistence_days: int = param(56, low=0, high=3650)
    teach_awareness_gain: float = probability(0.3)
    indoor_knockdown: float = probability(0.0)
    fever_screening: bool = False
    isolation: bool = False
    isolation_days: int = param(7, low=1, high=365)
    net_efficacy: float = probability(0.8)
    report_delay_days_wartime: float = param(4.0, low=0.0, high=60.0)
    recheck_fraction: float = probability(0.0)
    recheck_after_days: int = param(3, low=1, high=365)
    walk_minutes_per_cell: float = param(0.5, low=0.0, high=600.0)
    inspection_minutes: float = param(15.0, low=0.0, high=600.0, low_open=True)
    idle_routine_minutes: float = param(20.0, low=0.0, high=600.0)
    supply_minutes_per_house: float = param(5.0, low=0.0, high=600.0, low_open=True)
    checkpoint_people_per_team_day: int = param(300, low=0, high=100_000)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class OutdoorParams:
    """Space spraying, clean-up of public sites and the construction-site closed loop.

    Each is field work: spraying needs teams whose ``work`` is ``spray``,
    clean-up teams whose work is ``cleanup``; construction sites are checked by
    house-visit teams with a member who may do ``construction``.

    Attributes:
        spraying: spray zones in wartime.
        spray_method: ``handheld`` (thermal fogging) or ``vehicle`` (ULV).
        spray_kill_handheld, spray_kill_vehicle: adult kill fraction per spraying
            (24-hour reduction; module docstring for sources and ranges).
        spray_residual_days: days the residual keeps killing (daily extra kill).
        spray_residual_kill_per_day: extra kill on the day after spraying, halving
            every further day while the residual lasts (*unverified*: no decay
            half-life was found; reviews call the effect "not sustained").
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
    spray_method: str = param("handheld", choices=("handheld", "vehicle"))
    spray_kill_handheld: float = probability(0.45)
    spray_kill_vehicle: float = probability(0.0)
    spray_residual_days: int = param(3, low=0, high=365)
    spray_residual_kill_per_day: float = probability(0.1)
    spray_interval_days: int = param(7, low=1, high=365)
    spray_zone: str = param("rings", choices=("rings", "village"))
    spray_m2_per_person_day: float = param(4400.0, low=0.0, high=1e7, low_open=True)
    cleanup: bool = False
    cleanup_sites_per_team_day: int = param(10, low=1, high=100_000)
    cleanup_revisit_days: int = param(7, low=1, high=365)
    cleanup_drive_days: tuple[int, ...] = param((), low=0, high=3650)
    construction_loop: bool = False
    construction_check_minutes: float = param(60.0, low=0.0, high=600.0)
    rectify_delay_days: int = param(3, low=0, high=365)
    recheck_delay_days: int = param(3, low=1, high=365)
    rectified_refill_factor: float = probability(0.1)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class ChannelParams:
    """Awareness gain of one publicity event, per channel (share of the gap to full
    awareness; *unverified*). A fixed set, so a misspelt channel is an error.

    Attributes:
        leaflets, loudspeakers, short_videos, dialect_talks: gain of each channel
            (0 switches it off).
    """

    leaflets: float = probability(0.04)
    loudspeakers: float = probability(0.04)
    short_videos: float = probability(0.04)
    dialect_talks: float = probability(0.03)

    def __post_init__(self) -> None:
        validate(self)


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
    events_per_team_day: int = param(2, low=1, high=1000)
    channels: ChannelParams = field(default_factory=ChannelParams)
    peacetime_gain_per_week: float = probability(0.0)
    coils: bool = False
    coil_efficacy: float = probability(0.15)
    coil_days: int = param(14, low=0, high=365)

    def __post_init__(self) -> None:
        validate(self)
