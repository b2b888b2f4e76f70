"""The world of one run: its state, with no policy in it.

The processes (mosquitoes, people, residents, the campaign) read and write the
parts of the world they use; what interventions do to biology goes through one
explicit record, :class:`Protections`, which only the campaign writes and only
the biology reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.humans import Population
from sim.rng import RandomStreams
from sim.season import Weather
from sim.sites import BreedingSites
from sim.surveillance import Surveillance
from sim.vector.engine import MosquitoEngine
from sim.vector.hosts import HostView
from sim.vector.thermal import DailyTraits
from sim.village import Village

if TYPE_CHECKING:
    from mesa.model import Model

    from sim.lazy_grid import LazyGrid

__all__ = ["Protections", "World"]


@dataclass
class Protections:
    """What the campaign's interventions do to the biology today.

    Attributes:
        bite_blocked: per person, chance a mosquito bite is prevented (coils).
        residual_kill_cell: per cell, extra daily adult kill (residual insecticide).
        isolated_until: per person, last day under a net (-1: never).
        net_efficacy: reduction of mosquito infection from a person under a net.
    """

    bite_blocked: np.ndarray
    residual_kill_cell: np.ndarray
    isolated_until: np.ndarray
    net_efficacy: float

    @classmethod
    def none(cls, n_people: int, n_cells: int, net_efficacy: float) -> Protections:
        """Nobody protected yet."""
        return cls(np.zeros(n_people), np.zeros(n_cells), np.full(n_people, -1, np.int32), net_efficacy)

    def hosts(self, population: Population, p_bite_away: float, day: int) -> HostView:
        """The people as host-seeking mosquitoes find them on ``day``."""
        transmit = np.where(self.isolated_until >= day, 1.0 - self.net_efficacy, 1.0)
        return population.host_view(self.bite_blocked, transmit, p_bite_away)


@dataclass
class World:
    """State of the village, its people and mosquitoes, and what the campaign knows.

    Attributes:
        village: the generated place (grid, groups, houses, sites' layout).
        sites: water, immatures and larvicide of every breeding site.
        population: infection state of every person, clinic reporting.
        surveillance: reported cases and inspection results (what is known).
        awareness: per household, awareness of breeding sites (0..1).
        hh_locked: idle houses that staff have not opened yet.
        protections: what interventions do to the biology today.
        mosquitoes: the adult mosquitoes and the aquatic stages.
        streams: the run's named random streams.
        agents_model: the Mesa model staff (and agent mosquitoes) belong to.
        grid: the Mesa grid they move on, built when something needs it (:mod:`sim.lazy_grid`).
        weather: temperature and rain of every day, warm-up included.
        traits: the mosquito traits of each of those days (:mod:`sim.vector.thermal`).
        day: today.
    """

    village: Village
    sites: BreedingSites
    population: Population
    surveillance: Surveillance
    awareness: np.ndarray
    hh_locked: np.ndarray
    protections: Protections
    mosquitoes: MosquitoEngine
    streams: RandomStreams
    agents_model: Model
    grid: LazyGrid
    weather: Weather
    traits: list[DailyTraits]
    day: int = 0

    def traits_on(self, day: int) -> DailyTraits:
        """The mosquito traits of ``day`` (its temperature)."""
        return self.traits[self.weather.index(day)]

    def rain_on(self, day: int) -> float:
        """Refill chance of containers on ``day`` relative to the reference rain."""
        return float(self.weather.rain_factor[self.weather.index(day)])

    def report(self, people: np.ndarray) -> None:
        """Cases become known today (clinic report or fever screening)."""
        if people.size:
            self.surveillance.add_cases(people, self.population.household[people], self.day)
