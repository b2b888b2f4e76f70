"""Areas of responsibility: the groups each party unit answers for.

Shunde paired each party organisation with villages ("double reporting"). In
one village the same rule pairs each unit with an *area*: a set of neighbouring
groups whose houses are in proportion to the unit's members, so that the units
together cover the whole village. With more units than groups, each group is
an area shared by several units (in proportion to its houses).

Groups are ordered along a serpentine path over the group grid (column by
column, alternating direction), so consecutive groups are neighbours and an
area is a contiguous stretch of that path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.village import Village

__all__ = ["Areas", "largest_remainder", "serpentine", "spread_over"]


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers summing to ``total`` in proportion to ``weights`` (Hamilton's method).

    Ties in the remainders go to the lower index. All-zero weights share equally.
    """
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.size == 0:
        return np.zeros(w.size, np.int64)
    if w.sum() <= 0:
        w = np.ones_like(w)
    exact = total * w / w.sum()
    out = np.floor(exact).astype(np.int64)
    short = total - int(out.sum())
    if short > 0:
        order = np.lexsort((np.arange(w.size), -(exact - out)))
        out[order[:short]] += 1
    return out


def spread_over(houses: np.ndarray, n: int) -> np.ndarray:
    """``n`` people over areas in proportion to their houses, every area with houses getting
    at least one while there are enough people."""
    counts = largest_remainder(houses, n)
    lived = houses > 0
    if n >= int(lived.sum()):
        for a in np.flatnonzero(lived & (counts == 0)):
            donor = int(np.argmax(counts))
            counts[donor] -= 1
            counts[a] += 1
    return counts


def serpentine(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Order of points walked column by column (by ``x``), alternating direction in ``y``."""
    column = np.unique(x, return_inverse=True)[1]
    y_key = np.where(column % 2 == 0, y, -y)
    return np.lexsort((y_key, column))


@dataclass(frozen=True)
class Areas:
    """The village split into areas, and which area each unit answers for.

    Attributes:
        groups: the groups of each area, in serpentine order.
        unit_area: area of each party unit.
        area_of_household: area of each household.
        area_of_cell: area of each grid cell.
        households: household indices of each area, in a serpentine walk.
        centre_xy: centre of each area's houses (cells).
        houses: number of houses of each area.
    """

    groups: tuple[tuple[int, ...], ...]
    unit_area: np.ndarray
    area_of_household: np.ndarray
    area_of_cell: np.ndarray
    households: tuple[np.ndarray, ...]
    centre_xy: np.ndarray
    houses: np.ndarray

    @property
    def n(self) -> int:
        """Number of areas."""
        return len(self.groups)

    def distance(self, area: int, x: float, y: float) -> np.ndarray:
        """Distance (cells) from point ``(x, y)`` to every area's centre, and ``area`` itself at 0."""
        d = np.hypot(self.centre_xy[:, 0] - x, self.centre_xy[:, 1] - y)
        if area >= 0:
            d[area] = 0.0
        return d

    @classmethod
    def build(cls, village: Village, unit_members: np.ndarray) -> Areas:
        """Pair ``len(unit_members)`` units with areas sized to their members.

        Args:
            village: the village (its groups and houses).
            unit_members: members of each unit (all zero: units of equal size).
        """
        n_groups = len(village.group_names)
        n_units = len(unit_members)
        gx, gy = _group_centres(village, n_groups)
        order = serpentine(gx, gy)
        houses = np.bincount(village.hh_group, minlength=n_groups)[order]
        members = np.asarray(unit_members, dtype=float)
        if members.sum() <= 0:
            members = np.ones(n_units)
        if n_units <= n_groups:
            groups = _split(order, houses, members)
            unit_area = np.arange(n_units)
        else:  # each group an area, shared by units in proportion to its houses
            groups = [(int(g),) for g in order]
            per_area = spread_over(np.maximum(houses, 1), n_units)
            unit_area = np.repeat(np.arange(n_groups), per_area)
        area_of_group = np.empty(n_groups, np.int64)
        for a, gs in enumerate(groups):
            area_of_group[list(gs)] = a
        area_of_hh = area_of_group[village.hh_group]
        hh = []
        centres = np.zeros((len(groups), 2))
        for a in range(len(groups)):
            idx = np.flatnonzero(area_of_hh == a)
            hh.append(idx[serpentine(village.hh_x[idx], village.hh_y[idx])])
            if idx.size:
                centres[a] = village.hh_x[idx].mean(), village.hh_y[idx].mean()
            else:  # an area without houses: the centre of its groups
                gs = list(groups[a])
                centres[a] = gx[gs].mean(), gy[gs].mean()
        return cls(tuple(groups), unit_area.astype(np.int64), area_of_hh,
                   area_of_group[village.group_of_cell], tuple(hh), centres,
                   np.bincount(area_of_hh, minlength=len(groups)))


def _group_centres(village: Village, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.divmod(np.arange(village.n_cells), village.height)
    count = np.maximum(np.bincount(village.group_of_cell, minlength=n_groups), 1)
    return (np.bincount(village.group_of_cell, x, n_groups) / count,
            np.bincount(village.group_of_cell, y, n_groups) / count)


def _split(order: np.ndarray, houses: np.ndarray, members: np.ndarray) -> list[tuple[int, ...]]:
    """Cut the serpentine of groups into ``len(members)`` stretches of at least one group
    whose houses are as close as possible to shares in proportion to ``members``
    (least squares, by dynamic programming over the cut points)."""
    n_units, n_groups = len(members), len(order)
    target = houses.sum() * members / members.sum()
    prefix = np.concatenate([[0], np.cumsum(houses)]).astype(float)
    inf = float("inf")
    cost = np.full((n_units + 1, n_groups + 1), inf)
    cut = np.zeros((n_units + 1, n_groups + 1), np.int64)
    cost[0, 0] = 0.0
    for u in range(1, n_units + 1):
        for j in range(u, n_groups - (n_units - u) + 1):
            i = np.arange(u - 1, j)  # the unit takes groups i .. j-1
            c = cost[u - 1, i] + (prefix[j] - prefix[i] - target[u - 1]) ** 2
            k = int(np.argmin(c))
            cost[u, j], cut[u, j] = c[k], i[k]
    bounds = [n_groups]
    for u in range(n_units, 0, -1):
        bounds.append(int(cut[u, bounds[-1]]))
    bounds.reverse()
    return [tuple(int(g) for g in order[bounds[u]:bounds[u + 1]]) for u in range(n_units)]
