"""Parameters of the village: grid, groups, households, people and breeding sites.

Container counts and capacities are not measured in the Foshan sources; they
are plausible values for a South-China village (hydroponic plants and water
containers named in the 2025 Shunde campaign notices) and are parameters so
that they can be calibrated or swept (*unverified*).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.errors import ConfigError
from sim.params.fields import label, param, probability, validate

__all__ = ["PublicSiteParams", "SiteTypeParams", "VillageParams"]


@dataclass(frozen=True)
class SiteTypeParams:
    """A kind of household container that can hold water and larvae.

    Every field must be given (a kind of container is data, in
    ``configs/village/_sites.yaml``): a new kind with a missing field is refused,
    so a misspelt kind cannot slip in with made-up values.

    Attributes:
        mean_per_household: mean number of such containers per house (Poisson).
        capacity_larvae: larval carrying scale of one container (larvae); sets
            density-dependent mortality (Otero et al. 2006).
        p_resident_notices: chance that a resident who is clearing notices it.
        p_initially_wet: chance the container holds water on day 0.
    """

    mean_per_household: float = param(low=0, high=50)
    capacity_larvae: float = param(low=0, high=1e5, low_open=True)
    p_resident_notices: float = probability()
    p_initially_wet: float = probability()

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class PublicSiteParams:
    """Public breeding sites (puddles, garbage, weedy corners) per group.

    Attributes:
        per_group: number of such sites in each group (placed near houses).
        capacity_larvae: larval carrying scale of one site (larvae).
        p_refill_per_day: chance per day that a cleared site holds water again
            (rain, new garbage).
    """

    per_group: int = param(low=0, high=10_000)
    capacity_larvae: float = param(low=0, high=1e6, low_open=True)
    p_refill_per_day: float = probability()

    def __post_init__(self) -> None:
        validate(self)


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
        site_types: household container kinds (the mix is data: ``configs/village/_sites.yaml``).
        public_sites: public site kinds, counted per group.
        construction_sites: number of construction sites.
        sites_per_construction_site: containers and puddles on each one.
        construction_capacity_larvae: capacity of each construction puddle (larvae).
        construction_p_refill_per_day: daily chance a cleared construction puddle refills
            (until the site is rectified by the campaign's closed loop).
        uncounted_habitat: every cell with houses also has habitat that inspectors do not
            count in the Breteau, house and container indices (drains, catch basins, tree
            holes, roof gutters), which only a mass clean-up drive reaches. Low indices
            (container index 5-17%) next to albopictus biting intense enough for R0 5-16
            imply that the inspected containers receive a small share of the eggs.
        uncounted_capacity_larvae: larval capacity of one cell's uncounted habitat.
        uncounted_egg_share: share of a cell's egg batches laid in its uncounted habitat
            (*unverified*: chosen so the default village's day-0 Breteau index is in the
            Guangdong summer range; the README's regime section shows the arithmetic).
        uncounted_p_refill_per_day: daily chance uncounted habitat holds water again
            after a clean-up drive emptied it (*unverified*).
    """

    name: str = label("default")
    width_cells: int = param(60, low=3, high=2000)
    height_cells: int = param(60, low=3, high=2000)
    cell_size_m: float = param(25.0, low=1.0, high=500.0)
    households: int = param(1500, low=1, high=1_000_000)
    groups_x: int = param(4, low=1, high=2000)
    groups_y: int = param(3, low=1, high=2000)
    settlements: int = param(14, low=1, high=100_000)
    settlement_radius_cells: float = param(4.0, low=0.0, high=1000.0)
    max_households_per_cell: int = param(4, low=1, high=1000)
    idle_fraction: float = probability(0.1)
    mean_residents: float = param(3.7, low=1.0, high=50.0)
    site_types: dict[str, SiteTypeParams] = param(factory=dict)
    public_sites: dict[str, PublicSiteParams] = param(factory=dict)
    construction_sites: int = param(1, low=0, high=1000)
    sites_per_construction_site: int = param(40, low=0, high=100_000)
    construction_capacity_larvae: float = param(1500.0, low=0, high=1e6, low_open=True)
    construction_p_refill_per_day: float = probability(0.05)
    uncounted_habitat: bool = True
    uncounted_capacity_larvae: float = param(800.0, low=0, high=1e7, low_open=True)
    uncounted_egg_share: float = probability(0.99)
    uncounted_p_refill_per_day: float = probability(0.2)

    def __post_init__(self) -> None:
        validate(self)
        for axis, cells in (("groups_x", self.width_cells), ("groups_y", self.height_cells)):
            if getattr(self, axis) > cells:  # at most one group per column (row) of cells
                raise ConfigError(axis, getattr(self, axis), f"allowed range [1, {cells}]")
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
