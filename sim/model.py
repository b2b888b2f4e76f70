"""The Mesa model: builds the world and its processes, and steps them in a written order.

One step is one day, the calls of :meth:`CampaignModel.step` in this order:

1. environment: today's temperature sets the mosquito traits; rain sets refill chances
2. aquatic stages: immature development, density-dependent mortality, emergence
3. adult mosquitoes: survival, ageing, EIP, dispersal, biting and infection, oviposition
4. human disease: imports, S->E->I->R, symptoms, clinic reporting after a delay
5. residents: households empty containers or let them refill, by awareness
6. campaign: the strategy reads what is known and its teams act
7. metrics: the day's indicators are recorded
"""

from __future__ import annotations

from typing import Generic, TypeVar

import numpy as np
from mesa.discrete_space import OrthogonalMooreGrid
from mesa.model import Model

from sim.campaign.campaign import Campaign
from sim.exposure import household_exposure
from sim.household import Household
from sim.humans import IMPORTED, HumanState, Population
from sim.lazy_grid import LazyGrid
from sim.metrics import DailyRecorder
from sim.params.run_params import RunParams
from sim.residents import residents_step
from sim.rng import RandomStreams
from sim.season import weather_for
from sim.sites import BreedingSites
from sim.surveillance import Surveillance
from sim.vector.arrays import ArrayMosquitoes
from sim.vector.engine import MosquitoEngine, make_engine
from sim.vector.hosts import HostView
from sim.vector.thermal import season_traits
from sim.vector.warmup_cache import warm_up_cached
from sim.village import Village, generate_village
from sim.world import Protections, World

__all__ = ["PHASES", "CampaignModel"]

T = TypeVar("T")

#: The phases of a day, in the order :meth:`CampaignModel.step` calls them (each is a method
#: ``_step_<phase>``; the benchmark times them one by one).
PHASES: tuple[str, ...] = ("environment", "aquatic_stages", "adult_mosquitoes", "human_disease",
                           "residents", "campaign", "metrics")

class _FromWorld(Generic[T]):
    """A read-only attribute of the model that is the same-named attribute of its world."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, model: CampaignModel | None, owner: type | None = None) -> T:
        if model is None:
            raise AttributeError(self.name)
        return getattr(model.world, self.name)

    def __set__(self, model: CampaignModel, value: object) -> None:
        raise AttributeError(f"{self.name} belongs to the world: set model.world.{self.name}")


#: Number of earliest infections whose offspring define the early case-to-case R0.
EARLY_CASES_FOR_R0 = 30


class CampaignModel(Model):
    """A village, its people and mosquitoes, and a vector-control campaign.

    The state lives in :attr:`world`; the model's attributes ``village``,
    ``sites``, ``population``, ... are read-only views of it for drawing and
    inspection.

    Args:
        params: validated run parameters.
    """

    def __init__(self, params: RunParams) -> None:
        super().__init__(rng=params.seed)
        self.params = params
        streams = RandomStreams(params.seed)
        v = generate_village(params.village, streams["village"])
        grid = LazyGrid(v.width, v.height, self.random)  # built only when something draws
        weather = weather_for(params.season, -params.vector.warmup_days, params.days - 1)
        traits = season_traits(weather.temperature_c, params.season.reference_temperature_c,
                               params.vector, params.disease)
        sites = BreedingSites(v, max(t.development_days for t in traits), params.vector.capacity_scale,
                              params.vector.egg_stage_days)
        population = Population(v, params.disease, streams["humans"],
                                household_exposure(streams["exposure"], v.n_households,
                                                   params.residents.exposure_cv))
        people_per_cell = np.bincount(population.cell, minlength=v.n_cells)
        mosquitoes = make_engine(params.vector, params.disease, v, sites, streams["vector"],
                                 (people_per_cell > 0).astype(float), self, grid)
        self.world = World(
            village=v, sites=sites, population=population, surveillance=Surveillance(v.n_households),
            awareness=np.full(v.n_households, params.residents.initial_awareness),
            hh_locked=v.hh_idle.copy(),
            protections=Protections.none(population.n, v.n_cells, params.strategy.inspection.net_efficacy),
            mosquitoes=mosquitoes, streams=streams, agents_model=self, grid=grid,
            weather=weather, traits=traits,
        )
        self.households = self._create_households()
        self.today_infections = 0
        self.today_emerged = 0
        self.today_traits = self.world.traits_on(0)
        self.today_rain = self.world.rain_on(0)
        self.today_residents_cleared = 0
        self.imported_infections = 0
        #: Infections from today's bites in this village (a district's force of infection).
        self.today_bitten_infections = 0
        #: Residents infected in other villages of a district, to arrive today (set by
        #: :mod:`sim.district.mobility` before the step), and how many arrived so far.
        self.pending_arrivals = 0
        self.arrived_infections = 0
        #: Today's hosts and the bites that landed on residents (a district's movers read them);
        #: bites on infectious visitors from other villages to land today (set by
        #: :mod:`sim.district.mobility`), and the mosquitoes they exposed so far.
        self.today_hosts: HostView | None = None
        self.today_bites = 0
        self.pending_visitor_bites = 0
        self.visitor_exposed_mosquitoes = 0
        self.recorder = DailyRecorder(params.days, params.roles)
        self.campaign = Campaign(self.world, params)
        self._warm_up()

    # --- read-only views of the world (for drawing and inspection) -------
    village: _FromWorld[Village] = _FromWorld()
    sites: _FromWorld[BreedingSites] = _FromWorld()
    population: _FromWorld[Population] = _FromWorld()
    surveillance: _FromWorld[Surveillance] = _FromWorld()
    awareness: _FromWorld[np.ndarray] = _FromWorld()
    hh_locked: _FromWorld[np.ndarray] = _FromWorld()
    mosquitoes: _FromWorld[MosquitoEngine] = _FromWorld()
    protections: _FromWorld[Protections] = _FromWorld()
    streams: _FromWorld[RandomStreams] = _FromWorld()

    @property
    def grid(self) -> OrthogonalMooreGrid:
        """The Mesa grid with households and staff on it (built on first use: :mod:`sim.lazy_grid`)."""
        return self.world.grid.get()

    @property
    def day(self) -> int:
        """Today (0 on the first simulated day)."""
        return self.world.day

    # --- construction -----------------------------------------------------
    def _create_households(self) -> list[Household]:
        v = self.village
        first = np.concatenate([[0], np.cumsum(v.hh_residents)[:-1]]).astype(int)
        households = [
            Household(self, (int(v.hh_x[i]), int(v.hh_y[i])), i, int(v.hh_group[i]),
                      bool(v.hh_idle[i]), int(first[i]), int(v.hh_residents[i]))
            for i in range(v.n_households)
        ]
        for h in households:
            self.world.grid.register(h)
        return households

    def _hosts(self, day: int):
        """The people as the mosquitoes see them on ``day`` (coils, isolation under nets)."""
        return self.protections.hosts(self.population, self.params.residents.p_bite_away_from_home, day)

    def _warm_up(self) -> None:
        """Release adults at wet sites and run vector-only dynamics towards equilibrium.

        The array engine's warm-up is shared by runs with the same inputs
        (:mod:`sim.vector.warmup_cache`), so a sweep of strategies pays it once per process.
        """
        days = range(-self.params.vector.warmup_days, 0)
        hosts = self._hosts(days.start)

        def warm_up() -> None:
            wet = np.flatnonzero(self.sites.wet)
            n0 = round(self.params.vector.initial_adults_per_site)
            self.mosquitoes.add_adults(np.repeat(self.sites.cell[wet], n0))
            for t in days:
                traits = self.world.traits_on(t)
                self.mosquitoes.step_aquatic(t, traits)
                self.mosquitoes.step_adults(t, hosts, None, traits)

        if isinstance(self.mosquitoes, ArrayMosquitoes):
            # The engine's own parameters and tables are part of the key already.
            warm_up_cached(self.mosquitoes, self.sites, (hosts, [self.world.traits_on(t) for t in days]),
                           warm_up)
        else:
            warm_up()

    # --- the day ----------------------------------------------------------
    def step(self) -> None:
        """One day, in the order of the module docstring."""
        self.today_infections = 0
        self._step_environment()
        self._step_aquatic_stages()
        self._step_adult_mosquitoes()
        self._step_human_disease()
        self._step_residents()
        self._step_campaign()
        self._step_metrics()
        self.world.day += 1

    def _step_environment(self) -> None:
        """Today's weather: the mosquito traits of its temperature, the refill chance of its rain."""
        self.today_traits = self.world.traits_on(self.day)
        self.today_rain = self.world.rain_on(self.day)

    def _step_aquatic_stages(self) -> None:
        self.today_emerged = self.mosquitoes.step_aquatic(self.day, self.today_traits)

    def _step_adult_mosquitoes(self) -> None:
        kill = self.protections.residual_kill_cell
        self.today_hosts = self._hosts(self.day)
        bites = self.mosquitoes.step_adults(self.day, self.today_hosts, kill if kill.any() else None,
                                            self.today_traits)
        self.today_bites = bites.bites
        self.today_bitten_infections = self.population.infect(bites.infected_people, self.day, bites.sources)
        self.today_infections += self.today_bitten_infections

    def _step_human_disease(self) -> None:
        self._import_infections()
        self.population.progress(self.day)
        self.world.report(self.population.collect_reports(self.day))

    def _step_residents(self) -> None:
        v = self.village
        self.today_residents_cleared = residents_step(
            self.sites, self.awareness, self.params.residents, v.site_p_notice, v.site_p_refill,
            self.today_rain, self.streams["residents"],
        )

    def _step_campaign(self) -> None:
        self.campaign.step()

    def _step_metrics(self) -> None:
        self.recorder.record(self)

    # --- services ----------------------------------------------------------
    def _import_infections(self) -> None:
        o = self.params.outbreak
        rng = self.streams["imports"]
        n = o.seed_infections if self.day in o.seed_days else 0
        if o.import_rate_per_day > 0:
            n += int(rng.poisson(o.import_rate_per_day))
        self.imported_infections += self._infect_susceptibles(n, rng)
        if self.pending_arrivals:
            self.arrived_infections += self._infect_susceptibles(self.pending_arrivals,
                                                                 self.streams["district.moves"])
            self.pending_arrivals = 0
        if self.pending_visitor_bites:
            self.visitor_exposed_mosquitoes += self.mosquitoes.expose(
                self.pending_visitor_bites, self.streams["district.moves"], self.today_traits.eip_days,
                IMPORTED)
            self.pending_visitor_bites = 0

    def _infect_susceptibles(self, n: int, rng: np.random.Generator) -> int:
        """Infect ``n`` susceptible residents drawn by ``rng`` (fewer if fewer are left),
        from outside the village; returns how many."""
        if n == 0:
            return 0
        pool = np.flatnonzero(self.population.state == HumanState.SUSCEPTIBLE)
        people = rng.choice(pool, size=min(n, pool.size), replace=False)
        got = self.population.infect(people, self.day, np.full(people.size, IMPORTED))
        self.today_infections += got
        return got

    def update_layers(self) -> None:
        """Refresh the grid property layers (mosquito density, wet sites) for drawing."""
        shape = (self.village.width, self.village.height)
        self.grid.mosquito_density.data[...] = self.mosquitoes.density().reshape(shape)
        wet = np.bincount(self.sites.cell[self.sites.wet], minlength=self.village.n_cells)
        self.grid.breeding_sites.data[...] = wet.reshape(shape)
        self.grid.spray_kill.data[...] = self.protections.residual_kill_cell.reshape(shape)

    def early_r0(self) -> float | None:
        """Case-to-case R0 from the offspring of the earliest infections.

        Each human infection records the person whose virus the biting mosquito
        carried; the mean number of such offspring of the first
        ``EARLY_CASES_FOR_R0`` infections (only those infected at least 30 days
        before the end, so their offspring are complete) is the early R0.
        """
        pop = self.population
        infected = np.flatnonzero(pop.infected_day >= 0)
        eligible = infected[pop.infected_day[infected] <= self.day - 30]
        if eligible.size < 5:
            return None
        first = eligible[np.lexsort((eligible, pop.infected_day[eligible]))][:EARLY_CASES_FOR_R0]
        offspring = np.bincount(pop.infected_by[pop.infected_by >= 0], minlength=pop.n)
        return round(float(offspring[first].mean()), 4)
