"""A sweep's size before it starts: printed, and refused when too big unless confirmed.

The sweepers of ``hydra_plugins.vcsim_sweepers`` call :func:`check_sweep_size` once every
job is composed and validated, before the sweep folder exists. The work is estimated as
for a planner file (:mod:`sim.estimate_batch`): each job's run time from its parameters,
divided by the launcher's worker processes. Above :data:`sim.estimate_batch.MAX_RUNS`
runs or :data:`sim.estimate_batch.MAX_SECONDS` seconds the sweep is refused in one line
unless ``hydra.sweeper.yes=true``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from sim.errors import ConfigError
from sim.estimate_batch import MAX_RUNS, MAX_SECONDS, Estimate, estimate

if TYPE_CHECKING:
    from sim.params.run_params import RunParams

__all__ = ["check_sweep_size", "launcher_workers"]


def launcher_workers(launcher: Mapping[str, Any] | None) -> int:
    """Jobs the launcher runs at once on this machine's estimate.

    ``n_jobs`` (joblib, the vcsim pool; -1 is one per core, -2 all cores but one) or
    ``array_parallelism`` (submitit); Hydra's basic launcher, and any other, runs one.
    """
    launcher = launcher or {}
    cores = os.cpu_count() or 1
    for key in ("n_jobs", "array_parallelism"):
        n = launcher.get(key)
        if isinstance(n, int) and not isinstance(n, bool):
            return max(1, cores + 1 + n) if n < 0 else max(1, n)
    return 1


def check_sweep_size(params: Sequence[RunParams], launcher: Mapping[str, Any] | None, yes: bool,
                     stream: IO[str] | None = None) -> Estimate:
    """Print the sweep's estimated work on ``stream`` (stderr) and refuse it if too big.

    Raises:
        ConfigError: on ``hydra.sweeper.yes`` when the sweep has more than
            :data:`~sim.estimate_batch.MAX_RUNS` runs or takes more than
            :data:`~sim.estimate_batch.MAX_SECONDS` seconds and ``yes`` is false.
    """
    work = estimate(params, launcher_workers(launcher))
    if work.too_big and not yes:
        raise ConfigError.about("hydra.sweeper.yes",
                                f"{work}, more than {MAX_RUNS:,} runs or {MAX_SECONDS // 60} min; "
                                "add hydra.sweeper.yes=true to run them")
    print(f"estimate: {work}", file=stream or sys.stderr, flush=True)
    return work
