"""Village generator: houses in clustered settlements, groups, people and breeding sites.

The village is a grid of ``width x height`` cells. Cells are indexed flat as
``x * height + y`` (the C order of a ``(width, height)`` numpy array, which is
also the layout of Mesa property layers). Everything is deterministic for a
given parameter set and random generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import ClassVar

import numpy as np

from sim.params.village import VillageParams
from sim.ragged import expand_ranges

__all__ = ["Setting", "Village", "generate_village"]


class Setting(IntEnum):
    """Where a breeding site is; the campaign reports clearance per setting."""

    HOUSEHOLD = 0
    IDLE_HOUSE = 1
    PUBLIC = 2
    CONSTRUCTION = 3
    UNCOUNTED = 4  #: drains, catch basins, tree holes: not in the indices, not found on visits


@dataclass(frozen=True)
class Village:
    """The generated village. Arrays are indexed by household, person or site.

    Attributes:
        width, height: grid size (cells).
        cell_size_m: edge of one cell (m).
        group_of_cell: group id of every cell (flat index).
        hh_x, hh_y, hh_cell: position of each household.
        hh_group: group id of each household.
        hh_idle: vacant and locked houses (no residents).
        hh_residents: number of residents per household.
        person_household: household of each person.
        site_cell, site_household, site_setting, site_type: per breeding site;
            ``site_household`` is -1 for public and construction sites.
        site_capacity: larval capacity of each site (larvae).
        site_p_notice: chance a resident notices the site when clearing.
        site_p_refill: daily chance a dry public/construction site refills.
        site_initially_wet: whether the site holds water on day 0.
        site_type_names: names for the codes in ``site_type``.
        construction_cells: cells of construction sites.
        uncounted_egg_share: share of a cell's egg batches laid in its uncounted habitat.
    """

    width: int
    height: int
    cell_size_m: float
    group_of_cell: np.ndarray
    group_names: tuple[str, ...]
    hh_x: np.ndarray
    hh_y: np.ndarray
    hh_cell: np.ndarray
    hh_group: np.ndarray
    hh_idle: np.ndarray
    hh_residents: np.ndarray
    person_household: np.ndarray
    site_cell: np.ndarray
    site_household: np.ndarray
    site_setting: np.ndarray
    site_type: np.ndarray
    site_capacity: np.ndarray
    site_p_notice: np.ndarray
    site_p_refill: np.ndarray
    site_initially_wet: np.ndarray
    site_type_names: tuple[str, ...]
    construction_cells: np.ndarray
    uncounted_egg_share: float = 0.0

    @property
    def n_cells(self) -> int:
        """Number of grid cells."""
        return self.width * self.height

    @property
    def n_households(self) -> int:
        """Number of households (idle ones included)."""
        return int(self.hh_cell.size)

    @property
    def n_people(self) -> int:
        """Number of residents."""
        return int(self.person_household.size)

    @property
    def n_sites(self) -> int:
        """Number of breeding sites of every setting."""
        return int(self.site_cell.size)

    @cached_property
    def hh_first_person(self) -> np.ndarray:
        """Index of each household's first resident (residents are numbered house by house)."""
        return (np.cumsum(self.hh_residents) - self.hh_residents).astype(np.int64)

    def people_of(self, household: int) -> range:
        """Person indices of one household's residents."""
        first = int(self.hh_first_person[household])
        return range(first, first + int(self.hh_residents[household]))

    def people_of_households(self, households: np.ndarray) -> np.ndarray:
        """Person indices of the residents of ``households``, house by house."""
        return expand_ranges(self.hh_first_person[households], self.hh_residents[households])[0]

    def cell_xy(self, cell: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
        """Grid coordinates of flat cell indices."""
        return np.divmod(cell, self.height)


def _group_grid(p: VillageParams) -> np.ndarray:
    """Tile the grid into contiguous rectangular groups; returns group per flat cell."""
    gx = np.minimum(np.arange(p.width_cells) * p.groups_x // p.width_cells, p.groups_x - 1)
    gy = np.minimum(np.arange(p.height_cells) * p.groups_y // p.height_cells, p.groups_y - 1)
    return (gx[:, None] * p.groups_y + gy[None, :]).ravel().astype(np.int32)


def _place_households(p: VillageParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Scatter houses around settlement centres, at most ``max_households_per_cell`` per cell."""
    w, h = p.width_cells, p.height_cells
    margin = min(2.0, (min(w, h) - 1) / 2)
    centres = np.column_stack([
        rng.uniform(margin, w - 1 - margin, p.settlements),
        rng.uniform(margin, h - 1 - margin, p.settlements),
    ])
    occupancy = np.zeros(w * h, dtype=np.int32)
    xs = np.empty(p.households, dtype=np.int32)
    ys = np.empty(p.households, dtype=np.int32)
    placed = 0
    radius = max(p.settlement_radius_cells, 0.5)
    while placed < p.households:
        need = p.households - placed
        k = rng.integers(0, p.settlements, size=2 * need)
        pos = centres[k] + rng.normal(0.0, radius, size=(2 * need, 2))
        cx = np.clip(np.rint(pos[:, 0]), 0, w - 1).astype(np.int32)
        cy = np.clip(np.rint(pos[:, 1]), 0, h - 1).astype(np.int32)
        for x, y in zip(cx, cy, strict=True):  # sequential: capacity depends on order
            cell = x * h + y
            if occupancy[cell] < p.max_households_per_cell:
                occupancy[cell] += 1
                xs[placed], ys[placed] = x, y
                placed += 1
                if placed == p.households:
                    break
        radius *= 1.25  # crowded settlements spread out rather than loop forever
    return xs, ys


def _household_sites(p: VillageParams, rng: np.random.Generator, n_hh: int):
    names = tuple(p.site_types)
    if not names:  # a village without household containers (public sites only, or none at all)
        empty = np.zeros(0)
        return names, empty.astype(np.int32), empty.astype(np.int16), empty, empty, empty.astype(bool)
    counts = np.stack([rng.poisson(p.site_types[n].mean_per_household, n_hh) for n in names])
    owner = np.concatenate([np.repeat(np.arange(n_hh), counts[i]) for i in range(len(names))])
    kind = np.concatenate([np.full(counts[i].sum(), i) for i in range(len(names))])
    order = np.argsort(owner, kind="stable")
    owner, kind = owner[order], kind[order]
    cap = np.array([p.site_types[n].capacity_larvae for n in names])[kind]
    notice = np.array([p.site_types[n].p_resident_notices for n in names])[kind]
    wet_p = np.array([p.site_types[n].p_initially_wet for n in names])[kind]
    wet = rng.random(owner.size) < wet_p
    return names, owner.astype(np.int32), kind.astype(np.int16), cap, notice, wet


class _SiteColumns:
    """Collects breeding-site columns block by block (households, public, construction)."""

    DTYPES: ClassVar[dict[str, type]] = {
        "cell": np.int32, "household": np.int32, "setting": np.int8, "kind": np.int16,
        "capacity": np.float64, "notice": np.float64, "refill": np.float64, "wet": bool,
    }

    def __init__(self) -> None:
        self.blocks: dict[str, list[np.ndarray]] = {k: [] for k in self.DTYPES}

    def add(self, cell, household, setting, kind, capacity, notice, refill, wet) -> None:
        """Append one block of sites (every argument an array of the same length)."""
        for key, value in zip(self.DTYPES, (cell, household, setting, kind, capacity, notice,
                                            refill, wet), strict=True):
            self.blocks[key].append(np.asarray(value))

    def add_outdoor(self, cells: np.ndarray, setting: Setting, kind: int, capacity: float,
                    refill: float) -> None:
        """Append sites that belong to no house, are wet on day 0 and that nobody notices."""
        n = cells.size
        self.add(cells, np.full(n, -1), np.full(n, setting), np.full(n, kind), np.full(n, capacity),
                 np.zeros(n), np.full(n, refill), np.ones(n, bool))

    def arrays(self) -> dict[str, np.ndarray]:
        """The concatenated columns with their final dtypes."""
        return {k: np.concatenate(v).astype(self.DTYPES[k]) for k, v in self.blocks.items()}


def generate_village(p: VillageParams, rng: np.random.Generator) -> Village:
    """Generate a village from its parameters.

    Args:
        p: village parameters.
        rng: the ``village`` random stream.

    Returns:
        The immutable village description.
    """
    w, h = p.width_cells, p.height_cells
    group_of_cell = _group_grid(p)
    hh_x, hh_y = _place_households(p, rng)
    hh_cell = (hh_x * h + hh_y).astype(np.int32)
    idle = rng.random(p.households) < p.idle_fraction
    residents = np.where(idle, 0, 1 + rng.poisson(p.mean_residents - 1.0, p.households))
    person_household = np.repeat(np.arange(p.households, dtype=np.int32), residents)

    names, owner, kind, cap, notice, wet = _household_sites(p, rng, p.households)
    columns = _SiteColumns()
    setting = np.where(idle[owner], Setting.IDLE_HOUSE, Setting.HOUSEHOLD).astype(np.int8)
    columns.add(hh_cell[owner], owner, setting, kind, cap, notice, np.zeros(owner.size), wet)

    # Public sites lie near houses of their group (puddles by paths, garbage corners).
    all_names = list(names)
    for name, pub in p.public_sites.items():
        all_names.append(name)
        cells = []
        for g in range(p.groups):
            in_group = np.flatnonzero(group_of_cell[hh_cell] == g)
            pool = hh_cell[in_group] if in_group.size else np.flatnonzero(group_of_cell == g)
            base = rng.choice(pool, size=pub.per_group)
            bx, by = np.divmod(base, h)
            bx = np.clip(bx + rng.integers(-1, 2, pub.per_group), 0, w - 1)
            by = np.clip(by + rng.integers(-1, 2, pub.per_group), 0, h - 1)
            cells.append(bx * h + by)
        cells_arr = np.concatenate(cells) if cells else np.zeros(0, np.int32)
        columns.add_outdoor(cells_arr, Setting.PUBLIC, len(all_names) - 1, pub.capacity_larvae,
                            pub.p_refill_per_day)

    # Construction sites: a 3x3 patch at the edge of a settlement, full of puddles.
    construction_cells = np.zeros(0, np.int32)
    if p.construction_sites and p.sites_per_construction_site:
        all_names.append("construction_puddle")
        centres = rng.choice(hh_cell, size=p.construction_sites)
        cx, cy = np.divmod(centres, h)
        cx = np.clip(cx + 2, 0, w - 1)
        construction_cells = (cx * h + cy).astype(np.int32)
        n = p.construction_sites * p.sites_per_construction_site
        ox = np.clip(np.repeat(cx, p.sites_per_construction_site) + rng.integers(-1, 2, n), 0, w - 1)
        oy = np.clip(np.repeat(cy, p.sites_per_construction_site) + rng.integers(-1, 2, n), 0, h - 1)
        columns.add_outdoor(ox * h + oy, Setting.CONSTRUCTION, len(all_names) - 1,
                            p.construction_capacity_larvae, p.construction_p_refill_per_day)

    # Uncounted habitat: one patch in every cell with houses.
    if p.uncounted_habitat:
        all_names.append("uncounted_habitat")
        columns.add_outdoor(np.unique(hh_cell), Setting.UNCOUNTED, len(all_names) - 1,
                            p.uncounted_capacity_larvae, p.uncounted_p_refill_per_day)

    site = columns.arrays()
    return Village(
        width=w,
        height=h,
        cell_size_m=p.cell_size_m,
        group_of_cell=group_of_cell,
        group_names=tuple(f"group_{g + 1}" for g in range(p.groups)),
        hh_x=hh_x,
        hh_y=hh_y,
        hh_cell=hh_cell,
        hh_group=group_of_cell[hh_cell],
        hh_idle=idle,
        hh_residents=residents.astype(np.int32),
        person_household=person_household,
        site_cell=site["cell"],
        site_household=site["household"],
        site_setting=site["setting"],
        site_type=site["kind"],
        site_capacity=site["capacity"],
        site_p_notice=site["notice"],
        site_p_refill=site["refill"],
        site_initially_wet=site["wet"],
        site_type_names=tuple(all_names),
        construction_cells=construction_cells,
        uncounted_egg_share=p.uncounted_egg_share if p.uncounted_habitat else 0.0,
    )
