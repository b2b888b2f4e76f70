"""The mosquito biology, written once as pure functions.

Both engines (``arrays``: one row per mosquito; ``agents``: one Mesa agent per
mosquito) call these functions, so they share one biology. Every function
takes the random generator explicitly and works on arrays of any length
(including length 1 for a single agent).

Sources are given in :mod:`sim.params.vector`. Bites are limited on both sides
(Manore et al. 2014): in a cell with ``V`` host-seeking mosquitoes and ``H``
people, total bites per day are ``sv V sh H / (sv V + sh H)``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "bite_probability_per_mosquito",
    "daily_survival_mask",
    "draw_eip_days",
    "larval_survival_probability",
    "lay_eggs",
    "move_choice",
    "neighbour_table",
    "oviposition_mask",
    "step_immature_cohorts",
]


def daily_survival_mask(
    rng: np.random.Generator, n: int, p_survival: float, extra_kill: np.ndarray | None = None
) -> np.ndarray:
    """Which of ``n`` adults survive one day.

    Args:
        rng: the vector stream.
        n: number of adults.
        p_survival: natural daily survival probability.
        extra_kill: per-adult additional kill probability (e.g. spraying), or None.
    """
    p = p_survival if extra_kill is None else p_survival * (1.0 - extra_kill)
    return rng.random(n) < p


def larval_survival_probability(
    larvae: np.ndarray, capacity: np.ndarray, base_mortality: float, alpha: float
) -> np.ndarray:
    """Daily immature survival per site: exp(-(mu0 + alpha L / K)) (Otero et al. 2006)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(capacity > 0, larvae / capacity, 0.0)
    return np.exp(-(base_mortality + alpha * density))


def step_immature_cohorts(
    rng: np.random.Generator,
    cohorts: np.ndarray,
    p_survival_site: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Age immature cohorts by one day with per-site survival.

    Args:
        rng: the vector stream.
        cohorts: ``(n_sites, development_days)`` counts of future females by age.
        p_survival_site: daily survival of immatures at each site.

    Returns:
        ``(new_cohorts, emerged)``: cohorts one day older (age 0 empty) and the
        number of adult females emerging from each site today.
    """
    survivors = rng.binomial(cohorts, p_survival_site[:, None])
    emerged = survivors[:, -1].copy()
    aged = np.empty_like(survivors)
    aged[:, 1:] = survivors[:, :-1]
    aged[:, 0] = 0
    return aged, emerged


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


def move_choice(u: np.ndarray, cumulative_weights: np.ndarray) -> np.ndarray:
    """Pick a neighbour index (0..7) from uniform draws and per-row cumulative weights.

    Args:
        u: uniform(0, 1) draws, one per moving mosquito.
        cumulative_weights: ``(n, 8)`` normalised cumulative weights of each
            mosquito's current cell's neighbours (last column is 1).
    """
    return (u[:, None] > cumulative_weights).sum(axis=1).clip(max=cumulative_weights.shape[1] - 1)


def bite_probability_per_mosquito(
    mosquitoes_in_cell: np.ndarray,
    humans_in_cell: np.ndarray,
    bites_per_mosquito: float,
    max_bites_per_human: float,
) -> np.ndarray:
    """Chance that one mosquito in each cell takes a human blood meal today.

    Bites limited on both sides (Manore et al. 2014): the per-mosquito rate is
    ``sv sh H / (sv V + sh H)`` which falls to 0 without people and never
    exceeds ``sv``.
    """
    v = mosquitoes_in_cell.astype(np.float64)
    h = humans_in_cell.astype(np.float64)
    denom = bites_per_mosquito * v + max_bites_per_human * h
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denom > 0, bites_per_mosquito * max_bites_per_human * h / denom, 0.0)
    return np.clip(rate, 0.0, 1.0)


def draw_eip_days(rng: np.random.Generator, n: int, eip_days: float) -> np.ndarray:
    """Integer extrinsic incubation periods whose mean is ``eip_days`` (random rounding)."""
    whole = int(np.floor(eip_days))
    frac = eip_days - whole
    return (whole + (rng.random(n) < frac)).astype(np.int16).clip(min=1)


def oviposition_mask(rng: np.random.Generator, n: int, gonotrophic_cycle_days: float) -> np.ndarray:
    """Which adults lay a batch today (one batch per gonotrophic cycle on average)."""
    return rng.random(n) < 1.0 / gonotrophic_cycle_days


def lay_eggs(
    rng: np.random.Generator, n: int, eggs_per_batch: float, female_fraction: float
) -> np.ndarray:
    """Future females from ``n`` egg batches (Poisson eggs, binomial sex ratio)."""
    return rng.poisson(eggs_per_batch * female_fraction, n)
