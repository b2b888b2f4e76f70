"""Parameters of the village: grid, groups, households, people and breeding sites.

Container counts and capacities are not measured in the Foshan sources; they
are plausible values for a South-China village (hydroponic plants and water
containers named in the 2025 Shunde campaign notices) and are parameters so
that they can be calibrated or swept (*unverified*).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.errors import ConfigError
from sim.validation import check_int, check_probability, check_range

__all__ = ["PublicSiteParams", "SiteTypeParams", "VillageParams"]


@dataclass(frozen=True)
class SiteTypeParams:
    """A kind of household container that can hold water and larvae.

    Attributes:
        mean_per_household: mean number of such containers per house (Poisson).
        capacity_larvae: larval carrying scale of one container (larvae); sets
            density-dependent mortality (Otero et al. 2006).
        p_resident_notices: chance that a resident who is clearing notices it.
        p_initially_wet: chance the container holds water on day 0.
    """

    mean_per_household: float = 1.0
    capacity_larvae: float = 500.0
    p_resident_notices: float = 0.5
    p_initially_wet: float = 0.8

    def __post_init__(self) -> None:
        check_range("mean_per_household", self.mean_per_household, 0, 50)
        check_range("capacity_larvae", self.capacity_larvae, 0, 1e5, low_open=True)
        check_probability("p_resident_notices", self.p_resident_notices)
        check_probability("p_initially_wet", self.p_initially_wet)


@dataclass(frozen=True)
class PublicSiteParams:
    """Public breeding sites (puddles, garbage, weedy corners) per group.

    Attributes:
        per_group: number of such sites in each group (placed near houses).
        capacity_larvae: larval carrying scale of one site (larvae).
        p_refill_per_day: chance per day that a cleared site holds water again
            (rain, new garbage).
    """

    per_group: int = 4
    capacity_larvae: float = 1000.0
    p_refill_per_day: float = 0.02

    def __post_init__(self) -> None:
        check_int("per_group", self.per_group, 0, 10_000)
        check_range("capacity_larvae", self.capacity_larvae, 0, 1e6, low_open=True)
        check_probability("p_refill_per_day", self.p_refill_per_day)


def _default_site_types() -> dict[str, SiteTypeParams]:
    return {
        "hydroponic_plant": SiteTypeParams(0.5, 400.0, 0.25, 0.9),
        "bucket": SiteTypeParams(0.3, 1200.0, 0.8, 0.6),
        "flower_pot": SiteTypeParams(0.4, 400.0, 0.5, 0.6),
        "tyre": SiteTypeParams(0.05, 2000.0, 0.6, 0.8),
        "gutter": SiteTypeParams(0.1, 1000.0, 0.1, 0.5),
    }


def _default_public_sites() -> dict[str, PublicSiteParams]:
    return {
        "puddle": PublicSiteParams(4, 1500.0, 0.05),
        "garbage": PublicSiteParams(3, 1000.0, 0.02),
        "weedy_corner": PublicSiteParams(3, 800.0, 0.02),
    }


@dataclass(frozen=True)
class VillageParams:
    """Size and make-up of the simulated village.

    Attributes:
        name: preset name, reported in outputs.
        width_cells, height_cells: grid size (cells); cells are ``cell_size_m`` wide.
        cell_size_m: edge of one grid cell (m).
        households: number of houses, including idle ones.
        groups_x, groups_y: the village is tiled into ``groups_x * groups_y``
            contiguous rectangular groups (village -> group -> household); at most
            one group per column (row) of cells and per household.
        settlements: number of house clusters; houses scatter around cluster
            centres with ``settlement_radius_cells`` standard deviation.
        max_households_per_cell: houses that fit in one cell.
        idle_fraction: share of houses that are vacant and locked.
        mean_residents: mean people per occupied house (1 + Poisson).
        site_types: household container kinds.
        public_sites: public site kinds, counted per group.
        construction_sites: number of construction sites.
        sites_per_construction_site: containers and puddles on each one.
        construction_capacity_larvae: capacity of each construction puddle (larvae).
        construction_p_refill_per_day: daily chance a cleared construction puddle refills
            (until the site is rectified by the campaign's closed loop).
    """

    name: str = "default"
    width_cells: int = 60
    height_cells: int = 60
    cell_size_m: float = 25.0
    households: int = 1500
    groups_x: int = 4
    groups_y: int = 3
    settlements: int = 14
    settlement_radius_cells: float = 4.0
    max_households_per_cell: int = 4
    idle_fraction: float = 0.1
    mean_residents: float = 3.7
    site_types: dict[str, SiteTypeParams] = field(default_factory=_default_site_types)
    public_sites: dict[str, PublicSiteParams] = field(default_factory=_default_public_sites)
    construction_sites: int = 1
    sites_per_construction_site: int = 40
    construction_capacity_larvae: float = 1500.0
    construction_p_refill_per_day: float = 0.05

    def __post_init__(self) -> None:
        check_int("width_cells", self.width_cells, 3, 2000)
        check_int("height_cells", self.height_cells, 3, 2000)
        check_range("cell_size_m", self.cell_size_m, 1.0, 500.0)
        check_int("households", self.households, 1, 1_000_000)
        check_int("groups_x", self.groups_x, 1, self.width_cells)
        check_int("groups_y", self.groups_y, 1, self.height_cells)
        check_int("settlements", self.settlements, 1, 100_000)
        check_range("settlement_radius_cells", self.settlement_radius_cells, 0.0, 1000.0)
        check_int("max_households_per_cell", self.max_households_per_cell, 1, 1000)
        check_probability("idle_fraction", self.idle_fraction)
        check_range("mean_residents", self.mean_residents, 1.0, 50.0)
        check_int("construction_sites", self.construction_sites, 0, 1000)
        check_int("sites_per_construction_site", self.sites_per_construction_site, 0, 100_000)
        check_range("construction_capacity_larvae", self.construction_capacity_larvae, 0, 1e6,
                    low_open=True)
        check_probability("construction_p_refill_per_day", self.construction_p_refill_per_day)
        if self.groups > self.households:
            raise ConfigError(
                "groups_x", self.groups_x,
                f"groups_x * groups_y = {self.groups} groups for {self.households} households; "
                "every group needs at least one household",
            )
        room = self.width_cells * self.height_cells * self.max_households_per_cell
        # Settlements are clustered, so leave headroom: at most half the room.
        if self.households > room // 2:
            raise ConfigError(
                "households", self.households,
                f"too many for a {self.width_cells}x{self.height_cells} grid with "
                f"max_households_per_cell={self.max_households_per_cell}; allowed at most "
                f"{room // 2} (half the room, since houses cluster)",
            )

    @property
    def groups(self) -> int:
        """Number of groups (contiguous zones)."""
        return self.groups_x * self.groups_y
