"""Lookup tables the mosquito rules draw from, built once per village.

Where a mosquito flies (an alias table per cell over her own cell and its
eight Moore neighbours, Walker's alias method with Vose's pairing) and which
breeding sites each cell holds. One uniform(0, 1) draw gives one exact
weighted (or uniform) choice through a single gather; :func:`index_below` is
that lookup, on a numpy array of draws or on one agent's scalar draw. The
rules that use the tables are in :mod:`sim.vector.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "AliasTable",
    "SitesByCell",
    "alias_draw",
    "alias_table",
    "index_below",
    "move_table",
    "neighbour_table",
    "sites_by_cell",
]

Number = Any  # a Python/numpy scalar or a numpy array (lookups work on both)


def index_below(x: Number, n: Number) -> Number:
    """``floor(x)`` as an index, at most ``n - 1`` (``x >= 0``).

    The cap guards against float rounding: ``u * n`` with ``u`` just below 1
    can round up to ``n`` in float32.
    """
    if isinstance(x, np.ndarray):
        return np.minimum(x.astype(np.int32), n - 1)
    return min(int(x), int(n) - 1)


# --- space -----------------------------------------------------------------------
def neighbour_table(width: int, height: int) -> np.ndarray:
    """Moore neighbours of every flat cell, ``(n_cells, 8)``; off-grid entries repeat the cell."""
    x, y = np.divmod(np.arange(width * height), height)
    cols = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx == 0 and dy == 0:
                continue
            nx, ny = x + dx, y + dy
            inside = (nx >= 0) & (nx < width) & (ny >= 0) & (ny < height)
            cols.append(np.where(inside, nx * height + ny, x * height + y))
    return np.stack(cols, axis=1).astype(np.int32)


@dataclass(frozen=True)
class AliasTable:
    """Per-row discrete distributions over ``k`` outcomes, for Walker's alias method.

    A draw ``x = k v`` (``v`` uniform on [0, 1)) in row ``r`` lands on slot
    ``j = floor(x)`` (index ``i = k r + j``); the outcome is ``value[2 i]``
    (the slot's own outcome) if ``x < cut[i]``, else ``value[2 i + 1]`` (the
    slot's alias). ``cut[i] = j + accept`` where ``accept`` is the alias
    method's acceptance probability of the slot. Arrays are flat so that each
    lookup is one gather; one uniform draw gives one exact weighted choice.
    """

    k: int
    cut: np.ndarray
    value: np.ndarray


def alias_table(weights: np.ndarray, outcomes: np.ndarray) -> AliasTable:
    """Alias tables for each row of ``weights`` (rows ``(n, k)``, non-negative, sum > 0).

    Vose's pairing of under- and over-full slots, vectorised over rows
    (at most ``k - 1`` rounds).

    Args:
        weights: ``(n, k)`` unnormalised probabilities.
        outcomes: ``(n, k)`` the value returned for each slot.
    """
    n, k = weights.shape
    scaled = k * weights / weights.sum(axis=1, keepdims=True)
    accept = np.ones_like(scaled)
    alias_slot = np.tile(np.arange(k), (n, 1))
    open_slot = np.ones(scaled.shape, dtype=bool)
    rows = np.arange(n)
    for _ in range(k - 1):
        small = np.where(open_slot, scaled, np.inf).argmin(axis=1)
        large = np.where(open_slot, scaled, -np.inf).argmax(axis=1)
        pair = (scaled[rows, small] < 1.0 - 1e-12) & (small != large)
        r, sm, lg = rows[pair], small[pair], large[pair]
        accept[r, sm] = scaled[r, sm]
        alias_slot[r, sm] = lg
        scaled[r, lg] -= 1.0 - scaled[r, sm]
        open_slot[r, sm] = False
    alias = np.take_along_axis(outcomes, alias_slot, axis=1)
    value = np.stack([outcomes.ravel(), alias.ravel()], axis=1).astype(np.int32).ravel()
    cut = (np.arange(k) + accept).astype(np.float32).ravel()
    return AliasTable(k, cut, value)


def alias_draw(v: Number, row: Number, table: AliasTable) -> Number:
    """Outcome of the weighted choice in ``row`` for uniform(0, 1) draws ``v`` (exact)."""
    scaled = v * table.k
    i = row * table.k + index_below(scaled, table.k)
    return table.value[2 * i + (scaled >= table.cut[i])]


def move_table(width: int, height: int, attraction_cells: np.ndarray, host_attraction: float,
               p_move: float) -> AliasTable:
    """Where a mosquito in each cell is tomorrow: 9 outcomes, her own cell and 8 neighbours.

    She stays with probability ``1 - p_move``; otherwise she flies to a
    neighbour chosen with weight ``1 + host_attraction * a`` where ``a`` is
    the neighbour's attraction (1 where people live, else 0). Off-grid
    neighbour slots repeat the cell itself, so mosquitoes at the edge stay
    put more often.
    """
    neighbours = neighbour_table(width, height)
    weights = 1.0 + host_attraction * attraction_cells[neighbours]
    weights = p_move * weights / weights.sum(axis=1, keepdims=True)
    here = np.arange(neighbours.shape[0], dtype=np.int32)[:, None]
    stay = np.full(here.shape, 1.0 - p_move)
    return alias_table(np.hstack([stay, weights]), np.hstack([here, neighbours]))


# --- breeding sites --------------------------------------------------------------
@dataclass(frozen=True)
class SitesByCell:
    """The breeding sites of each cell, for a choice among them.

    ``order[start[c] : start[c] + count[c]]`` are the counted sites of cell
    ``c`` (chosen uniformly). Cells without one have ``count`` 1 and point at
    a final ``-1`` entry (no site), so every lookup is valid. ``uncounted[c]``
    is the cell's uncounted habitat (-1 if none), which receives a share
    ``uncounted_share[c]`` of the cell's batches (all of them where the cell
    has no counted site).
    """

    start: np.ndarray
    count: np.ndarray
    order: np.ndarray
    uncounted: np.ndarray
    uncounted_share: np.ndarray


def sites_by_cell(site_cell: np.ndarray, n_cells: int, uncounted: np.ndarray | None = None,
                  uncounted_share: float = 0.0) -> SitesByCell:
    """Index the sites by their flat cell (``uncounted``: mask of uncounted habitat sites)."""
    if uncounted is None:
        uncounted = np.zeros(site_cell.size, dtype=bool)
    counted = np.flatnonzero(~uncounted)
    order = counted[np.argsort(site_cell[counted], kind="stable")]
    count = np.bincount(site_cell[counted], minlength=n_cells)
    start = np.cumsum(count) - count
    empty = count == 0
    patch = np.full(n_cells, -1, np.int32)
    patch[site_cell[uncounted]] = np.flatnonzero(uncounted)
    share = np.where(patch >= 0, np.where(empty, 1.0, uncounted_share), 0.0)
    return SitesByCell(
        start=np.where(empty, order.size, start).astype(np.int32),
        count=np.maximum(count, 1).astype(np.int32),
        order=np.append(order, -1).astype(np.int32),
        uncounted=patch,
        uncounted_share=share,
    )
