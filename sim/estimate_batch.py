"""How much work a batch of runs is (a planner file, a main job, a sweep), and when to ask.

One run's size comes from :mod:`sim.estimate`; a batch adds each run's start-up and
divides by the worker processes (at most one per core). The planner, the main job and
the sweepers of ``hydra_plugins.vcsim_sweepers`` print this estimate before they start
and refuse a batch of more than :data:`MAX_RUNS` runs or :data:`MAX_SECONDS` seconds
unless told to go on (``--yes``; ``hydra.sweeper.yes=true`` for a sweep).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.estimate import duration, estimate_run

if TYPE_CHECKING:
    from sim.params.run_params import RunParams

__all__ = ["MAX_RUNS", "MAX_SECONDS", "SECONDS_PER_RUN", "SECONDS_TO_START", "Estimate", "estimate",
           "run_seconds"]

#: Seconds of one run besides the simulation (building the village, writing the outputs).
SECONDS_PER_RUN = 0.5
#: Seconds to start the worker processes (importing the model).
SECONDS_TO_START = 3.0
#: More runs than this, or more estimated seconds than this, need a confirmation.
MAX_RUNS = 500
MAX_SECONDS = 30 * 60


def run_seconds(params: RunParams) -> float:
    """Estimated seconds of one run: start-up plus the size estimate of :mod:`sim.estimate`."""
    return SECONDS_PER_RUN + estimate_run(params).seconds


@dataclass(frozen=True)
class Estimate:
    """How much work a batch of runs is: ``runs`` and the wall time ``seconds`` on ``workers``."""

    runs: int
    seconds: float
    workers: int

    @property
    def too_big(self) -> bool:
        """More than :data:`MAX_RUNS` runs or :data:`MAX_SECONDS` seconds."""
        return self.runs > MAX_RUNS or self.seconds > MAX_SECONDS

    def __str__(self) -> str:
        plural = "s" if self.workers != 1 else ""
        return f"{self.runs:,} runs, about {duration(self.seconds)} on {self.workers} worker{plural}"


def estimate(params: Iterable[RunParams], workers: int) -> Estimate:
    """The work of one run per ``params`` on ``workers`` processes (at most one per core)."""
    costs = [run_seconds(p) for p in params]
    parallel = max(1, min(workers, len(costs), os.cpu_count() or 1))
    start = SECONDS_TO_START if parallel > 1 else 0.0
    return Estimate(len(costs), start + sum(costs) / parallel if costs else 0.0, workers)
