"""People: SEIR state per person, symptoms, care seeking and reporting.

People live in arrays indexed by person; each case has its own timing
(incubation and viraemia drawn per person from lognormal distributions with
the preset's mean and standard deviation, rounded to whole days). Viraemia
starts ``presymptomatic_days`` before symptom onset (random rounding to whole
days, never before the day after infection) and lasts until
``infectious_days`` after it; the clinic reports after a lognormal delay whose
*median* is the preset's (coefficient of variation 0.6).
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np

from sim.params.disease import DiseaseParams
from sim.vector.hosts import HostView
from sim.village import Village

__all__ = ["IMPORTED", "REPORT_DELAY_CV", "HumanState", "Population", "lognormal_days",
           "lognormal_days_pmf"]

#: Coefficient of variation of the onset-to-report delay (*unverified*).
REPORT_DELAY_CV = 0.6

#: ``infected_by`` value of imported infections (no local source).
IMPORTED = -2


class HumanState(IntEnum):
    """Infection state of a person."""

    SUSCEPTIBLE = 0
    EXPOSED = 1
    INFECTIOUS = 2
    RECOVERED = 3


def lognormal_days(rng: np.random.Generator, n: int, mean: float, sd: float,
                   minimum: int = 1) -> np.ndarray:
    """Whole-day durations from a lognormal with the given mean and sd (days)."""
    if sd <= 0:
        return np.full(n, max(minimum, round(mean)), dtype=np.int32)
    sigma2 = np.log1p((sd / mean) ** 2)
    mu = np.log(mean) - sigma2 / 2
    return np.maximum(minimum, np.rint(rng.lognormal(mu, np.sqrt(sigma2), n))).astype(np.int32)


def lognormal_days_pmf(mean: float, sd: float, minimum: int = 1) -> np.ndarray:
    """The distribution :func:`lognormal_days` draws from, day by day.

    A draw is a lognormal X with the given mean and sd (days), rounded to the
    nearest whole day and raised to ``minimum``, so P(k) = P(k - 1/2 <= X < k + 1/2)
    for k > ``minimum`` and P(``minimum``) = P(X < ``minimum`` + 1/2). The tail beyond
    7.5 standard deviations of log X (mass below 1e-13) is left out and the rest
    renormalised.

    Returns:
        ``pmf[k]`` = P(duration = k days) for k = 0, 1, ...; it sums to 1.
    """
    if sd <= 0:
        pmf = np.zeros(max(minimum, round(mean)) + 1)
        pmf[-1] = 1.0
        return pmf
    sigma = math.sqrt(math.log1p((sd / mean) ** 2))
    mu = math.log(mean) - sigma**2 / 2
    top = max(int(math.exp(mu + 7.5 * sigma)) + 2, minimum + 1)

    def cdf(x: float) -> float:  # P(X < x) of the lognormal
        return 0.0 if x <= 0 else 0.5 * math.erfc(-(math.log(x) - mu) / (sigma * math.sqrt(2)))

    below = np.array([cdf(k + 0.5) for k in range(top + 1)])  # P(X < k + 1/2)
    pmf = np.diff(below, prepend=0.0)
    pmf[:minimum] = 0.0
    pmf[minimum] = below[minimum]
    return pmf / pmf.sum()


class Population:
    """State of every person and the clinic-based reporting of symptomatic cases."""

    def __init__(self, village: Village, disease: DiseaseParams, rng: np.random.Generator,
                 household_exposure: np.ndarray | None = None) -> None:
        """Everyone susceptible on day 0.

        Args:
            village: the generated village (who lives where).
            disease: the disease preset.
            rng: the humans stream.
            household_exposure: each household's exposure to bites, mean 1
                (:mod:`sim.exposure`); None: everyone equally exposed.
        """
        n = village.n_people
        self.d = disease
        self.rng = rng
        self.household = village.person_household
        self.cell = village.hh_cell[self.household]
        self.state = np.zeros(n, np.int8)
        self.timer = np.zeros(n, np.int32)
        self.infected_day = np.full(n, -1, np.int32)
        self.infected_by = np.full(n, -1, np.int32)
        self.symptomatic = np.zeros(n, bool)
        self.onset_day = np.full(n, -1, np.int32)
        #: Day symptoms start (or would, for asymptomatic infections); -1 when not infected.
        self.onset_due = np.full(n, -1, np.int32)
        self.report_day = np.full(n, -1, np.int32)
        self.reported = np.zeros(n, bool)
        #: Median onset-to-report delay applied to new onsets (days); the campaign may shorten it.
        self.report_delay_days = disease.report_delay_days
        #: Share of clinic visits diagnosed as this disease; 1 once the outbreak is recognised.
        self.diagnosed_share = disease.p_diagnosed_before_alert
        order = np.argsort(self.cell, kind="stable").astype(np.int32)
        counts = np.bincount(self.cell, minlength=village.n_cells).astype(np.int32)
        self._order, self._counts = order, counts
        self._starts = (np.cumsum(counts) - counts).astype(np.int32)
        #: Each person's exposure to bites (their household's; mean 1 over households).
        self.exposure = (np.ones(n) if household_exposure is None
                         else np.asarray(household_exposure, dtype=float)[self.household])
        self._exposure_cum = np.cumsum(self.exposure[order])
        self._cell_exposure = np.bincount(self.cell, weights=self.exposure, minlength=village.n_cells)

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self.state.size)

    def count(self, state: HumanState) -> int:
        """People currently in ``state``."""
        return int(np.count_nonzero(self.state == state))

    def host_view(self, p_bite_blocked: np.ndarray, transmit_factor: np.ndarray | float = 1.0,
                  p_bite_away: float = 0.0) -> HostView:
        """The people as the mosquito engine sees them (protections applied by the caller,
        :meth:`sim.world.Protections.hosts`)."""
        return HostView(
            person_order=self._order,
            cell_start=self._starts,
            cell_count=self._counts,
            infectious=self.state == HumanState.INFECTIOUS,
            susceptible=self.state == HumanState.SUSCEPTIBLE,
            p_bite_blocked=p_bite_blocked,
            transmit_factor=np.broadcast_to(np.asarray(transmit_factor, dtype=float), self.state.shape),
            exposure_cum=self._exposure_cum,
            cell_exposure=self._cell_exposure,
            p_bite_away=p_bite_away,
        )

    def infect(self, people: np.ndarray, day: int, sources: np.ndarray) -> int:
        """Infect susceptible ``people`` today; returns how many were newly infected."""
        people = np.asarray(people, dtype=np.int64)
        ok = self.state[people] == HumanState.SUSCEPTIBLE
        people, sources = people[ok], np.asarray(sources)[ok]
        n = people.size
        if n == 0:
            return 0
        self.state[people] = HumanState.EXPOSED
        incubation = lognormal_days(self.rng, n, self.d.incubation_days, self.d.incubation_sd_days)
        self.onset_due[people] = day + incubation
        presymptomatic = self.d.presymptomatic_days
        if presymptomatic > 0:
            whole = int(presymptomatic)
            lead = whole + (self.rng.random(n) < presymptomatic - whole)
            incubation = np.maximum(incubation - lead, 1)
        self.timer[people] = incubation
        self.infected_day[people] = day
        self.infected_by[people] = sources
        self.symptomatic[people] = self.rng.random(n) < self.d.p_symptomatic
        # A new episode (possible without immunity) can be reported again.
        self.reported[people] = False
        self.report_day[people] = -1
        self.onset_day[people] = -1
        return n

    def progress(self, day: int) -> None:
        """Advance incubation and viraemia by one day; schedule clinic reports at onset."""
        # People infected today start counting down tomorrow.
        active = np.flatnonzero(((self.state == HumanState.EXPOSED) & (self.infected_day < day))
                                | (self.state == HumanState.INFECTIOUS))
        if active.size == 0:
            return
        self.timer[active] -= 1
        done = active[self.timer[active] <= 0]
        viraemic = done[self.state[done] == HumanState.EXPOSED]
        recover = done[self.state[done] == HumanState.INFECTIOUS]
        self.state[recover] = (HumanState.RECOVERED if self.d.immune_after_recovery
                               else HumanState.SUSCEPTIBLE)
        self.state[viraemic] = HumanState.INFECTIOUS
        # Viraemia lasts until infectious_days after onset (whole days from today's start).
        self.timer[viraemic] = (self.onset_due[viraemic] - day) + lognormal_days(
            self.rng, viraemic.size, self.d.infectious_days, self.d.infectious_sd_days)
        onset = active[(self.onset_due[active] == day) & (self.state[active] == HumanState.INFECTIOUS)]
        ill = onset[self.symptomatic[onset]]
        self.onset_day[ill] = day
        seeks = ill[self.rng.random(ill.size) < self.d.p_seek_care * self.diagnosed_share]
        median = max(self.report_delay_days, 0.5)
        mean = median * math.sqrt(1.0 + REPORT_DELAY_CV**2)  # lognormal: median = mean / sqrt(1 + cv^2)
        delay = lognormal_days(self.rng, seeks.size, mean, REPORT_DELAY_CV * mean, minimum=0)
        if self.report_delay_days <= 0:
            delay[:] = 0
        self.report_day[seeks] = day + delay

    def collect_reports(self, day: int) -> np.ndarray:
        """People reported by medics today (clinic visits whose delay is up)."""
        due = np.flatnonzero((self.report_day >= 0) & (self.report_day <= day) & ~self.reported)
        self.reported[due] = True
        return due

    def report_now(self, people: np.ndarray, day: int) -> np.ndarray:
        """Fever screening found these people ill: report them today. Returns the new ones."""
        people = np.asarray(people, dtype=np.int64)
        new = people[~self.reported[people]]
        self.report_day[new] = day
        self.reported[new] = True  # or the clinic would report them a second time
        return new
