"""The district's map: villages with sizes, positions, towns and paired organisations.

Village sizes are lognormal (coefficient of variation ``size_cv``) and rescaled so
they add up to the simulated population; positions are uniform on a square of the
district's area; towns are contiguous strips of the map with equal numbers of
villages. Each village is a copy of the ``village`` preset resized by one rule,
:func:`resized_village` (same densities of houses, groups, settlements and sites).
The draws come from the run's ``district.place`` stream.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.params.district import DistrictParams
from sim.params.village import VillageParams
from sim.params.workforce import StaffingParams, TeamShapeParams
from sim.rng import RandomStreams

if TYPE_CHECKING:
    from sim.params.run_params import RunParams

__all__ = [
    "MIN_HOUSEHOLDS",
    "DistrictPlace",
    "district_place",
    "draw_place",
    "residents_per_house",
    "resized_staffing",
    "resized_village",
    "team_minimum",
]

#: Smallest village drawn (houses): a hamlet of about 130 people.
MIN_HOUSEHOLDS = 40


def residents_per_house(village: VillageParams) -> float:
    """Mean residents per house, idle houses included (people)."""
    return (1.0 - village.idle_fraction) * village.mean_residents


def resized_village(base: VillageParams, households: int, name: str | None = None) -> VillageParams:
    """``base`` with ``households`` houses and the same densities: the map's side, groups,
    settlements and construction sites grow with the square root or the number of houses."""
    f = households / base.households
    side = f**0.5
    return dataclasses.replace(
        base, name=name or base.name, households=households,
        width_cells=max(6, round(base.width_cells * side)),
        height_cells=max(6, round(base.height_cells * side)),
        groups_x=max(1, round(base.groups_x * side)), groups_y=max(1, round(base.groups_y * side)),
        settlements=max(1, round(base.settlements * f)),
        construction_sites=max(1, round(base.construction_sites * f)) if base.construction_sites else 0,
    )


def resized_staffing(base: StaffingParams, households: int, base_households: int,
                     least: Mapping[str, int] | None = None) -> StaffingParams:
    """The staff pool of a village of ``households`` houses, at the density ``base`` has for a
    village of ``base_households``. Every role listed keeps at least ``least[role]`` people
    (default 1): what one team of any shape needs, so a hamlet can still form its teams."""
    f = households / base_households
    least = least or {}
    pool = {role: max(least.get(role, 1), round(n * f)) if n else 0 for role, n in base.pool.items()}
    return dataclasses.replace(base, pool=pool, cadre_units=max(1, round(base.cadre_units * f**0.5)))


def team_minimum(team_shapes: Mapping[str, TeamShapeParams]) -> dict[str, int]:
    """Of each role, the most that one team of any shape needs."""
    least: dict[str, int] = {}
    for shape in team_shapes.values():
        for role, n in shape.roles.items():
            least[role] = max(least.get(role, 1), n)
    return least


@dataclass(frozen=True)
class DistrictPlace:
    """Where the villages are and who belongs to what (arrays indexed by village).

    Attributes:
        names: village names (``T2-V017``: town 2, village 17 of the district).
        town: town index of each village; ``town_names`` their names.
        x_km, y_km: position on the district map (km).
        households: houses of each village (idle ones included).
        organisation: for each village, the indices of the organisations paired with it.
    """

    names: tuple[str, ...]
    town: np.ndarray
    town_names: tuple[str, ...]
    x_km: np.ndarray
    y_km: np.ndarray
    households: np.ndarray
    organisation: tuple[tuple[int, ...], ...]

    @property
    def n(self) -> int:
        """Number of villages."""
        return len(self.names)

    def distances_km(self) -> np.ndarray:
        """Distances between villages (km), a square matrix."""
        return np.hypot(self.x_km[:, None] - self.x_km[None, :], self.y_km[:, None] - self.y_km[None, :])


def draw_place(d: DistrictParams, base: VillageParams, rng: np.random.Generator) -> DistrictPlace:
    """Draw the district's villages (see the module docstring)."""
    n = d.villages
    total_houses = max(round(d.simulated_residents / residents_per_house(base)), n * MIN_HOUSEHOLDS)
    if d.size_cv > 0:
        sigma = np.sqrt(np.log1p(d.size_cv**2))
        weights = rng.lognormal(-sigma**2 / 2, sigma, n)
    else:
        weights = np.ones(n)
    households = _split(total_houses - n * MIN_HOUSEHOLDS, weights) + MIN_HOUSEHOLDS
    side = d.area_km2**0.5
    x, y = rng.uniform(0, side, n), rng.uniform(0, side, n)
    order = np.lexsort((y, x))  # towns are strips across the map, west to east
    town = np.empty(n, np.int64)
    town[order] = np.arange(n) * d.towns // n
    names = tuple(f"T{town[i] + 1}-V{i + 1:03d}" for i in range(n))
    return DistrictPlace(names=names, town=town, town_names=tuple(f"T{t + 1}" for t in range(d.towns)),
                         x_km=x, y_km=y, households=households,
                         organisation=_pair(d, town, order))


def district_place(params: RunParams, streams: RandomStreams | None = None) -> DistrictPlace:
    """The map of the run's district, drawn from the run's ``district.place`` stream (of
    ``streams`` if given, so that the caller's later draws follow it)."""
    streams = streams or RandomStreams(params.seed)
    return draw_place(params.district, params.village, streams["district.place"])


def _split(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` split in proportion to ``weights`` (largest remainders, so it adds up exactly)."""
    share = total * weights / weights.sum()
    whole = np.floor(share).astype(np.int64)
    rest = total - int(whole.sum())
    whole[np.argsort(-(share - whole), kind="stable")[:rest]] += 1
    return whole


def _pair(d: DistrictParams, town: np.ndarray, order: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """Organisations paired with each village (validated in DistrictParams: none is left out)."""
    n_org = d.command.organisations
    paired: list[list[int]] = [[] for _ in range(town.size)]
    if d.command.pairing == "round_robin":
        for k, v in enumerate(order.tolist()):  # villages in map order, dealt to organisations
            paired[v].append(k % n_org)
    else:  # by_town: each town gets organisations in proportion to its villages (at least one)
        counts = np.bincount(town, minlength=d.towns)
        per_town = _split(n_org - d.towns, counts.astype(float)) + 1
        first = np.concatenate([[0], np.cumsum(per_town)[:-1]])
        for t in range(d.towns):
            members = [v for v in order.tolist() if town[v] == t]
            orgs = range(first[t], first[t] + per_town[t])
            for k, v in enumerate(members):
                paired[v].append(orgs[k % len(orgs)])
            for k in range(len(members), len(orgs)):
                paired[members[k % len(members)]].append(orgs[k])
    return tuple(tuple(p) for p in paired)
