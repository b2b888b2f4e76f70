"""A district: its villages stepped in lockstep, people moving between them, one command.

Each day, in this order:

1. command: today's echelon per village (from what was known last night), and the
   medics each town's hospital sends (:mod:`sim.district.hospitals`);
2. mobility: infections residents picked up in other villages yesterday arrive home;
3. every village steps its day (:class:`sim.model.CampaignModel`, the single-village order),
   on as many threads as ``VCSIM_DISTRICT_THREADS`` allows (:func:`district_threads`);
4. mobility: each village's force of infection today;
5. command: today's reports; a district-wide trigger switches every village.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from sim.district.command import Command
from sim.district.hospitals import Hospitals, hospital_medics
from sim.district.mobility import Mobility
from sim.district.place import district_place
from sim.district.villages import own_medics, seeded_villages, village_params
from sim.environment import setting
from sim.model import CampaignModel
from sim.params.run_params import RunParams
from sim.rng import RandomStreams

__all__ = ["DistrictModel", "district_threads"]

ProgressCallback = Callable[[int, int], None]


def district_threads() -> int:
    """Threads that step a district's villages: ``VCSIM_DISTRICT_THREADS``, or with ``auto``
    one per core this process may use (one in a worker process of a pool, whose siblings
    use the other cores).

    Villages share nothing while they step their day (each has its own random streams; the
    command and the movers act between days), so the threads never change an output (tested
    byte for byte). They overlap because most of a village's day is spent where the GIL is
    released: the compiled adult passes (``nogil``) and numpy's random fills.
    """
    choice = setting("VCSIM_DISTRICT_THREADS")
    if choice != "auto":
        return int(choice)
    if multiprocessing.parent_process() is not None:  # a worker of a parallel pool (the planner,
        return 1                                      # the study, the sweep launchers) has its core
    return len(os.sched_getaffinity(0))


class DistrictModel:
    """The villages of ``params.district``, each a :class:`CampaignModel` with its own seed.

    Args:
        params: validated run parameters with a district.
        building: called as ``building(villages_built, villages)`` while the villages
            are built (each runs its vector warm-up; on the stepping threads too).
    """

    def __init__(self, params: RunParams, building: ProgressCallback | None = None) -> None:
        if not params.district.enabled:
            raise ValueError("DistrictModel needs a district (params.district.villages >= 1)")
        self.params = params
        streams = RandomStreams(params.seed)
        self.place = district_place(params, streams)
        self.seeded = seeded_villages(params, self.place, streams["district.place"])
        seeded = set(self.seeded.tolist())
        d = params.district
        town_medics = (hospital_medics(self.place, own_medics(params, self.place))
                       if d.command.medics == "town" else None)
        self._threads = district_threads()
        self._pool = ThreadPoolExecutor(self._threads) if self._threads > 1 and self.place.n > 1 else None
        # the biggest first, so no thread is left with a large village at the end of the build or a day
        order = np.argsort(-self.place.households, kind="stable").tolist()
        built: dict[int, CampaignModel] = {}

        def build(i: int) -> None:
            hospital = None if town_medics is None else int(town_medics[self.place.town[i]])
            built[i] = CampaignModel(village_params(params, self.place, i, i in seeded, hospital))

        for _ in (map(build, order) if self._pool is None else self._pool.map(build, order)):
            if building is not None:
                building(len(built), self.place.n)
        self.villages: list[CampaignModel] = [built[i] for i in range(self.place.n)]
        self._by_size = [built[i] for i in order]
        self.mobility = Mobility(self.place, self.villages, d.mobility, streams["district.moves"])
        echelon = round(d.command.echelon_per_day * d.scale)
        self.command = Command(d.command, echelon, self.place, self.villages)
        self.hospitals = None if town_medics is None else Hospitals(self.place, self.villages, town_medics)
        self.day = 0
        #: By day and village: the echelon cap the command set (-1: no cap) and the
        #: infections residents picked up in other villages that arrived home; the medics
        #: their town's hospital sent (-1: the village's own medics).
        self.caps_by_day: list[np.ndarray] = []
        self.medics_by_day: list[np.ndarray] = []
        self.arrivals_by_day: list[np.ndarray] = []
        #: By day and village: mosquitoes exposed by infectious visitors from other villages.
        self.visitor_exposures_by_day: list[np.ndarray] = []
        #: By day and village: bites on infectious visitors drawn to infect (before susceptibility).
        self.visitor_bites_by_day: list[np.ndarray] = []

    def close(self) -> None:
        """Stop the stepping threads (a finished district)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def step(self) -> None:
        """One day for the whole district (the order of the module docstring)."""
        self.command.before_day(self.day)
        if self.hospitals is not None:
            self.hospitals.before_day(self.day, self.command.reported_last_week())
        self.mobility.before_day()
        self.visitor_bites_by_day.append(self.mobility.visitor_bites.copy())
        arrived, exposed = self.mobility.arrived.copy(), self.mobility.exposed_by_visitors.copy()
        if self._pool is None:
            for village in self.villages:
                village.step()
        else:
            for _ in self._pool.map(CampaignModel.step, self._by_size):
                pass
        self.mobility.after_day()
        caps = [m.campaign.workforce.echelon_cap for m in self.villages]
        self.caps_by_day.append(np.array([-1 if c is None else c for c in caps], np.int64))
        self.arrivals_by_day.append(self.mobility.arrived - arrived)
        self.visitor_exposures_by_day.append(self.mobility.exposed_by_visitors - exposed)
        self.medics_by_day.append(np.full(len(self.villages), -1, np.int64) if self.hospitals is None
                                  else self.hospitals.sent.copy())
        self.command.after_day(self.day)
        self.day += 1
