"""Residents' time in other villages: bites, and infections, away from home, both ways.

A gravity model (:class:`sim.params.district.MobilityParams`) gives ``m[i, j]``, the share
of village i's residents' bites taken in village j. Each day, in every village j:

- its **force of infection** is measured as the infections its own mosquitoes caused per
  susceptible resident; the next day village i receives a Poisson number of infections of
  its residents with mean ``S_i * sum_j m_ij * force_j``, which arrive as infections of
  residents (:meth:`sim.model.CampaignModel._import_infections`);
- its **bites per resident** ``b_j`` (bites that landed on residents / residents) are
  measured; the infectious visitors it hosts, ``V_j = sum_i m_ij * w_i`` person-days (``w_i``:
  village i's infectious residents weighted by their transmission factor, so an isolated
  case under a net counts less), receive ``b_j * V_j`` bites, of which a share
  ``p_human_to_mosquito`` infects; the next day a Poisson number with that mean of village
  j's adults, drawn at random, are bitten that way and the susceptible among them become
  exposed (:meth:`sim.vector.engine.MosquitoEngine.expose`, their virus marked as from
  outside the village).

Simplifications (stated in the README): a visitor is bitten as the host village's average
resident (protections included), time away does not reduce bites at home, and what
happens away takes effect the next day.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.district.place import DistrictPlace
from sim.humans import HumanState
from sim.model import CampaignModel
from sim.params.district import MobilityParams

__all__ = ["Mobility", "gravity_shares"]


def gravity_shares(place: DistrictPlace, residents: np.ndarray, p: MobilityParams) -> np.ndarray:
    """``m[i, j]``: share of village i's residents' bites taken in village j (zero diagonal;
    rows add up to ``share_away``, or to 0 for a district of one village)."""
    d = np.maximum(place.distances_km(), p.min_distance_km)
    w = residents[None, :].astype(float) / d**p.distance_exponent
    np.fill_diagonal(w, 0.0)
    total = w.sum(axis=1, keepdims=True)
    return np.divide(p.share_away * w, total, out=np.zeros_like(w), where=total > 0)


class Mobility:
    """The daily exchange of infections between villages.

    Args:
        place: the map.
        villages: the village models, in the place's order.
        params: the mobility parameters.
        rng: the district's ``district.moves`` stream (the number of arrivals).
    """

    def __init__(self, place: DistrictPlace, villages: Sequence[CampaignModel], params: MobilityParams,
                 rng: np.random.Generator) -> None:
        residents = np.array([m.population.n for m in villages])
        self.shares = gravity_shares(place, residents, params)
        self.rng = rng
        self.villages = villages
        self._susceptible = np.zeros(len(villages))
        self.force = np.zeros(len(villages))
        #: Bites landed per resident today, and infectious residents weighted by transmission.
        self.bites_per_resident = np.zeros(len(villages))
        self.infectious_weight = np.zeros(len(villages))
        self.p_human_to_mosquito = np.array([m.params.disease.p_human_to_mosquito for m in villages])
        #: Infections of each village's residents picked up in other villages, and its
        #: mosquitoes exposed by infectious visitors, so far.
        self.arrived = np.zeros(len(villages), np.int64)
        self.exposed_by_visitors = np.zeros(len(villages), np.int64)
        #: Today's bites on infectious visitors that infect, by host village (drawn each morning).
        self.visitor_bites = np.zeros(len(villages), np.int64)

    def before_day(self) -> None:
        """Send yesterday's infections picked up away home, and count today's susceptibles."""
        self._susceptible = self._count_susceptible()
        if not self.shares.any():
            return
        mean = self._susceptible * (self.shares @ self.force)
        arrivals = self.rng.poisson(mean)
        visitor_bites = self.rng.poisson(self.p_human_to_mosquito * self.bites_per_resident
                                         * (self.shares.T @ self.infectious_weight))
        self.visitor_bites = visitor_bites
        for m, n, k in zip(self.villages, arrivals.tolist(), visitor_bites.tolist(), strict=True):
            m.pending_arrivals = n
            m.pending_visitor_bites = k

    def after_day(self) -> None:
        """Measure each village's force of infection today (infections by its mosquitoes per
        susceptible resident at the start of the day), its bites per resident and its
        infectious residents."""
        bitten = np.array([m.today_bitten_infections for m in self.villages], dtype=float)
        self.force = np.divide(bitten, self._susceptible, out=np.zeros_like(bitten),
                               where=self._susceptible > 0)
        residents = np.array([m.population.n for m in self.villages], dtype=float)
        bites = np.array([m.today_bites for m in self.villages], dtype=float)
        self.bites_per_resident = np.divide(bites, residents, out=np.zeros_like(bites), where=residents > 0)
        self.infectious_weight = np.array([_infectious_weight(m) for m in self.villages])
        self.arrived = np.array([m.arrived_infections for m in self.villages], np.int64)
        self.exposed_by_visitors = np.array([m.visitor_exposed_mosquitoes for m in self.villages], np.int64)

    def _count_susceptible(self) -> np.ndarray:
        return np.array([np.count_nonzero(m.population.state == HumanState.SUSCEPTIBLE)
                         for m in self.villages], dtype=float)


def _infectious_weight(m: CampaignModel) -> float:
    """Infectious residents of ``m`` today, each weighted by her transmission factor."""
    hosts = m.today_hosts
    return 0.0 if hosts is None else float(hosts.transmit_factor[hosts.infectious].sum())
