"""Parameters of a district: many villages on one map, people moving between them, one command.

The default (``district=none``, no villages) is the single village of every other
preset. A district is a set of villages, each its own grid with its own households,
breeding sites and mosquitoes (no mosquito flies between villages kilometres apart),
built from the ``village`` preset by one scaling rule (:mod:`sim.district.place`).

Sources (see the README's district section): Shunde district, Foshan, 2025: 3,229,090
residents, 205 villages and communities in 4 subdistricts and 6 towns, 806.57 km2;
58 government and enterprise party organisations paired with its villages ("double
reporting"); a fixed echelon of about 1,200 people a day (``../shared/data`` README and
FIELD_BRIEF). Mobility parameters are *unverified*: no movement survey of Shunde was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.errors import ConfigError
from sim.params.fields import label, param, probability, validate

__all__ = ["ALLOCATIONS", "MEDICS", "PAIRINGS", "TRIGGER_SCOPES", "CommandParams", "DistrictParams",
           "MobilityParams"]

#: How the district command spreads its daily echelon over the villages at war.
ALLOCATIONS: tuple[str, ...] = ("pairing", "cases", "indices")
#: How organisations are paired with villages.
PAIRINGS: tuple[str, ...] = ("round_robin", "by_town")
#: Where medics belong: each village's own, or its town's hospital (sent where cases are).
MEDICS: tuple[str, ...] = ("village", "town")
#: Whether the peacetime -> wartime switch is decided per village or for the whole district.
TRIGGER_SCOPES: tuple[str, ...] = ("village", "district")


@dataclass(frozen=True)
class MobilityParams:
    """Residents' time in other villages of the district (a gravity model).

    A resident of village i takes a share ``share_away`` of their bites in other
    villages, spread over them in proportion to ``population_j / distance_ij **
    distance_exponent`` (the gravity model of Viboud et al. 2006 for commuting, with
    the destination's population to the power one). Infections picked up away are
    carried home (they arrive in the home village as infections of its residents).
    Both values are *unverified* for Shunde; 0 disconnects the villages.

    Attributes:
        share_away: share of a resident's bites taken in other villages (0..1).
        distance_exponent: how fast visits fall with distance (per km).
        min_distance_km: distances below this count as this (neighbouring villages).
    """

    share_away: float = probability(0.1)
    distance_exponent: float = param(2.0, low=0.0, high=10.0)
    min_distance_km: float = param(1.0, low=0.01, high=100.0)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class CommandParams:
    """The district's organisations, its fixed daily echelon and how it is allocated.

    Attributes:
        organisations: party organisations paired with villages (Shunde: 58).
        pairing: ``round_robin`` deals villages to organisations in map order;
            ``by_town`` gives each town organisations in proportion to its villages
            (every town needs at least one).
        echelon_per_day: organisation members (unit-paired roles: cadres, leaders) the
            command keeps in the field each day at full census scale (Shunde: about
            1,200), multiplied by ``scale``; 0 lets every village call all its members.
            Villages' own staff (grid workers, medics, volunteers) are not capped, and the
            cap is lifted in a full-deployment window.
        allocation: ``pairing`` (each organisation sends an equal share to its villages,
            split by houses), ``cases`` (in proportion to cases reported in the last 7
            days) or ``indices`` (to the positive containers the campaign's inspections
            imply, from the last 7 days' Breteau index).
        trigger_scope: ``village`` (each village switches on its own reports) or
            ``district`` (every village switches when the district's reports reach the
            strategy's trigger).
        medics: ``village`` (each village keeps its share of the ``staffing`` preset's
            medics) or ``town`` (a town's hospital holds its villages' medics and sends
            them each day in proportion to the cases reported in the last 7 days;
            :mod:`sim.district.hospitals`).
    """

    organisations: int = param(58, low=1, high=100_000)
    pairing: str = param("round_robin", choices=PAIRINGS)
    echelon_per_day: int = param(1200, low=0, high=10_000_000)
    allocation: str = param("pairing", choices=ALLOCATIONS)
    trigger_scope: str = param("village", choices=TRIGGER_SCOPES)
    medics: str = param("village", choices=MEDICS)

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class DistrictParams:
    """A district of villages, or none (the single village of the ``village`` preset).

    Attributes:
        name: preset name (``none``: no district).
        villages: villages and communities (0 only for ``none``).
        towns: towns and subdistricts the villages belong to.
        residents: census population of the district (people) at ``scale`` 1.
        area_km2: land area; villages sit on a square map of this area (km2).
        scale: share of the census simulated: every village keeps its place and its
            share of the population, with ``scale`` times its residents.
        size_cv: coefficient of variation of village populations (lognormal;
            *unverified*, Shunde's village sizes were not found).
        seeded_villages: villages where the outbreak's seed infections arrive (the most
            populous first is not assumed: drawn in proportion to population).
        mobility: residents' movement between villages.
        command: organisations, echelon and its allocation.
    """

    name: str = label("none")
    villages: int = param(0, low=0, high=10_000)
    towns: int = param(1, low=1, high=1_000)
    residents: int = param(0, low=0, high=100_000_000)
    area_km2: float = param(1.0, low=0.01, high=1_000_000.0)
    scale: float = param(1.0, low=0.0, low_open=True, high=1.0)
    size_cv: float = param(0.6, low=0.0, high=3.0)
    seeded_villages: int = param(1, low=1, high=10_000)
    mobility: MobilityParams = field(default_factory=MobilityParams)
    command: CommandParams = field(default_factory=CommandParams)

    def __post_init__(self) -> None:
        validate(self)
        if self.name == "none":
            if self.villages:
                raise ConfigError("villages", self.villages,
                                  "needs a district preset (district=demo or district=shunde)")
            return
        if self.villages < 1:
            raise ConfigError("villages", self.villages,
                              f"district {self.name!r} needs at least 1 village")
        if self.towns > self.villages:
            raise ConfigError("towns", self.towns, f"at most district.villages={self.villages}")
        if self.seeded_villages > self.villages:
            raise ConfigError("seeded_villages", self.seeded_villages,
                              f"at most district.villages={self.villages}")
        if self.command.pairing == "by_town" and self.command.organisations < self.towns:
            raise ConfigError("command.organisations", self.command.organisations,
                              f"pairing by_town leaves villages without an organisation: needs at least "
                              f"district.towns={self.towns}")
        if self.command.pairing == "round_robin" and self.command.organisations > self.villages:
            raise ConfigError("command.organisations", self.command.organisations,
                              f"round_robin pairing leaves organisations without a village: at most "
                              f"district.villages={self.villages}")

    @property
    def enabled(self) -> bool:
        """Whether this run is a district (else the single village)."""
        return self.villages > 0

    @property
    def simulated_residents(self) -> int:
        """Residents simulated: the census times ``scale``."""
        return round(self.residents * self.scale)
