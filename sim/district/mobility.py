"""Residents' time in other villages: infections picked up away are carried home.

A gravity model (:class:`sim.params.district.MobilityParams`) gives the share of each
village's residents' bites taken in each other village. Each day, every village's
force of infection is measured as the infections its own mosquitoes caused per
susceptible resident; the next day village i receives a Poisson number of infections
of its residents with mean ``S_i * sum_j m_ij * force_j``, which arrive as infections
of residents (:meth:`sim.model.CampaignModel._import_infections`) and from then on
infect the home village's mosquitoes.

Simplifications (stated in the README): a visitor's own infectiousness to the host
village's mosquitoes is not modelled (the virus still travels both ways, carried home
by residents of either village), and time away does not reduce bites at home.
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
        #: Infections of each village's residents picked up in other villages, so far.
        self.arrived = np.zeros(len(villages), np.int64)

    def before_day(self) -> None:
        """Send yesterday's infections picked up away home, and count today's susceptibles."""
        self._susceptible = self._count_susceptible()
        if not self.shares.any():
            return
        mean = self._susceptible * (self.shares @ self.force)
        arrivals = self.rng.poisson(mean)
        for m, n in zip(self.villages, arrivals.tolist(), strict=True):
            m.pending_arrivals = n

    def after_day(self) -> None:
        """Measure each village's force of infection today (infections by its mosquitoes per
        susceptible resident at the start of the day)."""
        bitten = np.array([m.today_bitten_infections for m in self.villages], dtype=float)
        self.force = np.divide(bitten, self._susceptible, out=np.zeros_like(bitten),
                               where=self._susceptible > 0)
        self.arrived = np.array([m.arrived_infections for m in self.villages], np.int64)

    def _count_susceptible(self) -> np.ndarray:
        return np.array([np.count_nonzero(m.population.state == HumanState.SUSCEPTIBLE)
                         for m in self.villages], dtype=float)
