"""What a mosquito engine sees of the people: who is where, who is infectious, who is protected."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BiteResult", "HostView"]


@dataclass
class HostView:
    """People as seen by host-seeking mosquitoes (they stay at home, by cell).

    Attributes:
        person_order: person indices sorted by their home cell.
        cell_start, cell_count: slice of ``person_order`` for each flat cell.
        infectious: whether each person is viraemic today.
        susceptible: whether each person can be infected today.
        p_bite_blocked: chance a bite on this person is prevented (coils).
        transmit_factor: multiplier on human-to-mosquito transmission (nets
            for isolated cases reduce it).
        exposure_cum: cumulative exposure to bites along ``person_order``
            (:mod:`sim.exposure`): a bite at home picks a resident of the cell, and
            a bite away anyone, with chance proportional to their exposure.
        cell_exposure: sum of the residents' exposures in each cell: the hosts a
            cell offers to its host-seeking mosquitoes (the cell's head count when
            everyone is equally exposed).
        p_bite_away: share of bites that land on a person away from home
            (people move about the village by day, when *Ae. albopictus*
            bites); such a bite hits a person drawn from the whole village.
    """

    person_order: np.ndarray
    cell_start: np.ndarray
    cell_count: np.ndarray
    infectious: np.ndarray
    susceptible: np.ndarray
    p_bite_blocked: np.ndarray
    transmit_factor: np.ndarray
    exposure_cum: np.ndarray
    cell_exposure: np.ndarray
    p_bite_away: float = 0.0


@dataclass
class BiteResult:
    """Outcome of one day of biting.

    Attributes:
        infected_people: people newly infected today (unique).
        sources: for each, the person whose infection the biting mosquito
            carried (-1 if unknown): links case-to-case transmission.
        bites: number of human blood meals taken.
    """

    infected_people: np.ndarray
    sources: np.ndarray
    bites: int
