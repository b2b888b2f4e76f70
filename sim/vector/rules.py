"""The mosquito biology, written once as pure functions.

Both engines (``arrays``: one row per mosquito; ``agents``: one Mesa agent per
mosquito) call these functions, so they share one biology. A rule receives the
uniform random draws ``u`` it needs (or the generator, for Poisson and
binomial counts) and works on a numpy array of any length *or* on one Python
scalar: the array engine passes a column of all mosquitoes, an agent passes
its own values. :func:`sim.vector.tables.index_below` and ``_select`` are the
only places where the scalar and the array paths differ. The tables the rules
look up (flights, breeding sites by cell) are built in :mod:`sim.vector.tables`.

Sources are given in :mod:`sim.params.vector`. Bites are limited on both sides
(Manore et al. 2014): in a cell with ``V`` host-seeking mosquitoes and ``H``
people, total bites per day are ``sv V sh H / (sv V + sh H)``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sim.vector.hosts import HostView
from sim.vector.tables import AliasTable, SitesByCell, alias_draw, index_below

__all__ = [
    "advance_eip",
    "bite_lands",
    "bite_probability_per_mosquito",
    "choose_host",
    "dispersal",
    "draw_eip_days",
    "eip_days",
    "eip_days_pmf",
    "female_eggs_from_batches",
    "human_catches_virus",
    "larval_survival_probability",
    "laying_probability",
    "mosquito_catches_virus",
    "occurs",
    "oviposition_site",
    "step_immature_cohorts",
    "survival_probability",
]

Number = Any  # a Python/numpy scalar or a numpy array (rules work on both)


# --- scalar/array helper ------------------------------------------------------
def _select(condition: Number, if_true: Number, if_false: Number) -> Number:
    """``np.where`` for arrays, a plain conditional for one agent's scalars."""
    if isinstance(condition, np.ndarray):
        return np.where(condition, if_true, if_false)
    return if_true if condition else if_false


# --- events -------------------------------------------------------------------
def occurs(u: Number, p: Number) -> Number:
    """An event of probability ``p`` happens for uniform(0, 1) draws ``u`` below ``p``."""
    return u < p


def survival_probability(p_survival: float, extra_kill: Number | None = None) -> Number:
    """Chance to survive today: natural survival times escape from any extra kill (spraying).

    Args:
        p_survival: natural daily survival probability.
        extra_kill: additional kill probability at the mosquito's cell, or None.
    """
    return p_survival if extra_kill is None else p_survival * (1.0 - extra_kill)


# --- immatures ----------------------------------------------------------------
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
    development_days: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Age immature cohorts by one day with per-site survival (binomial thinning).

    Survivors aged ``development_days - 1`` or more emerge today (when the
    temperature shortens development, the cohorts already past it emerge
    together). Only non-empty cohorts are drawn (a binomial of 0 is 0), which
    saves about a third of the binomial draws in a typical village.

    Args:
        rng: the vector stream.
        cohorts: ``(n_sites, max_development_days)`` counts of future females by age.
        p_survival_site: daily survival of immatures at each site.
        development_days: today's egg-to-adult development time (d, at most the width).

    Returns:
        ``(new_cohorts, emerged)``: cohorts one day older (age 0 empty) and the
        number of adult females emerging from each site today.
    """
    site, age = np.nonzero(cohorts)
    survivors = np.zeros_like(cohorts)
    survivors[site, age] = rng.binomial(cohorts[site, age], p_survival_site[site])
    emerged = survivors[:, development_days - 1:].sum(axis=1)
    survivors[:, development_days - 1:] = 0
    aged = np.empty_like(survivors)
    aged[:, 1:] = survivors[:, :-1]
    aged[:, 0] = 0
    return aged, emerged


def female_eggs_from_batches(
    rng: np.random.Generator, batches: np.ndarray, eggs_per_batch: float, female_fraction: float
) -> np.ndarray:
    """Future females laid into each site by ``batches`` egg batches.

    Each batch holds Poisson(``eggs_per_batch``) eggs, each a female with
    probability ``female_fraction``: a thinned Poisson, so the females of
    ``b`` batches are Poisson(``b * eggs_per_batch * female_fraction``). One
    draw per site replaces one draw per batch, with the same distribution.
    """
    return rng.poisson(eggs_per_batch * female_fraction * batches)


# --- flight -------------------------------------------------------------------
def dispersal(u: Number, cell: Number, table: AliasTable) -> Number:
    """Cell of each mosquito after today's flight (or stay), for uniform(0, 1) draws ``u``.

    Args:
        u: uniform(0, 1) draws.
        cell: current flat cells.
        table: from :func:`sim.vector.tables.move_table`.
    """
    return alias_draw(u, cell, table)


# --- biting and infection ----------------------------------------------------
def bite_probability_per_mosquito(
    mosquitoes_in_cell: np.ndarray,
    humans_in_cell: np.ndarray,
    bites_per_mosquito: float,
    max_bites_per_human: float,
) -> np.ndarray:
    """Chance that one mosquito in each cell takes a human blood meal today.

    Bites limited on both sides (Manore et al. 2014): the per-mosquito rate is
    ``sv sh H / (sv V + sh H)`` which falls to 0 without people and never
    exceeds ``sv``. ``H`` is the hosts the cell offers: its head count, or the sum
    of its residents' exposures (:attr:`sim.vector.hosts.HostView.cell_exposure`).
    """
    v = mosquitoes_in_cell.astype(np.float64)
    h = humans_in_cell.astype(np.float64)
    denom = bites_per_mosquito * v + max_bites_per_human * h
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denom > 0, bites_per_mosquito * max_bites_per_human * h / denom, 0.0)
    return np.clip(rate, 0.0, 1.0)


def _at_home(u_person: Number, cell: Number, hosts: HostView) -> Number:
    """Position in ``hosts.person_order`` of the resident of ``cell`` that draw ``u_person`` picks."""
    cum = hosts.exposure_cum
    start = hosts.cell_start[cell]
    end = start + np.maximum(hosts.cell_count[cell], 1) - 1
    before = _select(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    return np.clip(np.searchsorted(cum, before + u_person * hosts.cell_exposure[cell], side="right"),
                   start, np.minimum(end, cum.size - 1))


def _anyone(u_person: Number, hosts: HostView) -> Number:
    """Position in ``hosts.person_order`` of the villager that draw ``u_person`` picks."""
    cum = hosts.exposure_cum
    return np.minimum(np.searchsorted(cum, u_person * cum[-1], side="right"), cum.size - 1)


def choose_host(u_person: Number, u_away: Number, cell: Number, hosts: HostView) -> Number:
    """Person bitten by a host-seeking mosquito in ``cell``.

    With probability ``hosts.p_bite_away`` (draw ``u_away``) the bite lands on
    a person who is away from home: anyone in the village. Otherwise it lands
    on one of the people living in the cell. ``u_person`` picks the person in
    either case with chance proportional to their exposure (:mod:`sim.exposure`;
    uniformly when everyone is equally exposed), by inverting the cumulative
    exposure along ``hosts.person_order``. On arrays each bite is looked up once,
    at home or away.
    """
    away = occurs(u_away, hosts.p_bite_away)
    if not isinstance(away, np.ndarray):
        return hosts.person_order[_anyone(u_person, hosts) if away else _at_home(u_person, cell, hosts)]
    position = np.empty(away.shape, dtype=np.intp)
    home = ~away
    position[away] = _anyone(u_person[away], hosts)
    position[home] = _at_home(u_person[home], cell[home], hosts)
    return hosts.person_order[position]


def bite_lands(u: Number, p_blocked: Number) -> Number:
    """A bite is completed unless the person's protection (coils) blocks it."""
    return u >= p_blocked


def mosquito_catches_virus(u: Number, p_human_to_mosquito: float, transmit_factor: Number) -> Number:
    """A susceptible mosquito biting a viraemic person becomes infected.

    ``transmit_factor`` (below 1 for isolated cases under nets) scales the
    per-bite human-to-mosquito probability.
    """
    return u < p_human_to_mosquito * transmit_factor


def human_catches_virus(u: Number, p_mosquito_to_human: float) -> Number:
    """A bite by an infectious mosquito infects a susceptible person."""
    return u < p_mosquito_to_human


def eip_days(u: Number, mean_days: float) -> Number:
    """Whole-day extrinsic incubation period with mean ``mean_days`` (random rounding), >= 1."""
    whole = int(np.floor(mean_days))
    return _select(u < mean_days - whole, whole + 1, max(whole, 1))


def eip_days_pmf(mean_days: float) -> np.ndarray:
    """The distribution :func:`eip_days` gives for uniform(0, 1) draws, day by day.

    With w = floor(mean) and f = mean - w: w + 1 days with chance f, otherwise
    w days (1 day when w = 0), so the mean is kept for mean >= 1.

    Returns:
        ``pmf[n]`` = P(EIP = n days) for n = 0 .. w + 1; it sums to 1.
    """
    whole = math.floor(mean_days)
    pmf = np.zeros(whole + 2)
    pmf[max(whole, 1)] += 1.0 - (mean_days - whole)
    pmf[whole + 1] += mean_days - whole
    return pmf


def draw_eip_days(rng: np.random.Generator, n: int, mean_days: float) -> np.ndarray:
    """``n`` incubation periods from :func:`eip_days` with fresh draws."""
    return eip_days(rng.random(n), mean_days)


def advance_eip(eip_left: Number) -> tuple[Number, Number]:
    """One day of extrinsic incubation: ``(days left, now infectious)``."""
    left = eip_left - 1
    return left, left <= 0


# --- oviposition --------------------------------------------------------------
def laying_probability(fed: Number, gonotrophic_cycle_days: float) -> Number:
    """Chance that a female lays a batch today: only after a blood meal (*Ae. albopictus* is
    anautogenous), then once her eggs have matured.

    The gonotrophic cycle ``G`` (blood meal to blood meal) is about one day of host
    seeking and laying plus ``G - 1`` days of digestion and egg maturation, so a fed
    female lays with daily probability ``1 / max(G - 1, 1)``.
    """
    return _select(fed, 1.0 / max(gonotrophic_cycle_days - 1.0, 1.0), 0.0)


def oviposition_site(u: Number, cell: Number, p_lay: Number, sites: SitesByCell) -> Number:
    """Site receiving today's egg batch, or -1 (no batch today, or no site in the cell).

    A batch is laid when ``u < p_lay``; then ``v = u / p_lay`` is uniform on
    [0, 1): below the cell's uncounted share it goes to the cell's uncounted
    habitat, otherwise the rescaled draw picks one of the cell's counted sites,
    uniformly.

    Args:
        u: uniform(0, 1) draws.
        cell: flat cells of the mosquitoes.
        p_lay: each female's chance to lay today (:func:`laying_probability`).
        sites: the sites of each cell.
    """
    lays = occurs(u, p_lay)
    v = _select(lays, u / _select(lays, p_lay, 1.0), 0.0)
    share = sites.uncounted_share[cell]
    into_patch = v < share
    if isinstance(into_patch, np.ndarray):
        w = np.where(into_patch, 0.0, (v - share) / np.maximum(1.0 - share, 1e-12))
    else:
        w = 0.0 if into_patch else (v - share) / max(1.0 - share, 1e-12)
    count = sites.count[cell]
    counted = sites.order[sites.start[cell] + index_below(w * count, count)]
    site = _select(into_patch, sites.uncounted[cell], counted)
    return _select(lays, site, -1)
