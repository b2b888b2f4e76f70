"""``hydra/launcher=vcsim``: local worker processes that receive each job's overrides only.

Hydra's joblib launcher sends every job the whole Hydra context, the sweep's
configuration and Hydra's global state (pickled anew per job): about 1 s of a
worker's time per job here, more than a small village's 60-day run. This
launcher hands those to each worker once, when it starts, and then sends a job
as its number and overrides; the worker composes it (once per structure,
:mod:`sim.cli.sweep_compose`) and runs it with Hydra's own ``run_job``, so job
folders, logs, ``.hydra`` files, resume and failure records are the same as
with the joblib launcher. The workers (loky processes, which pickle the task
function by value) live as long as the launcher, across the batches of an
optimiser.

Use it like the joblib launcher::

    python -m sim.run -m village=small seed=range(0,40) hydra/launcher=vcsim hydra.launcher.n_jobs=2

``n_jobs``: worker processes (-1, the default: one per core); with 1, jobs run in this
process. Every experiment in ``experiments/experiment`` uses it. Measured (README,
performance): 40 runs of the small village, 60 days, 2 workers: 19.0 s against 22.8 s
with joblib.
"""

# No ``from __future__ import annotations``: Hydra executes plugin modules without
# registering them in ``sys.modules``, and dataclasses cannot resolve string annotations then.
import logging
import os
import weakref
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, JobStatus, configure_log, filter_overrides, run_job, setup_globals
from hydra.plugins.launcher import Launcher
from omegaconf import open_dict

__all__ = ["PoolLauncher"]

log = logging.getLogger(__name__)


@dataclass
class PoolLauncherConf:
    """Config of ``hydra/launcher=vcsim``."""

    _target_: str = "hydra_plugins.vcsim_launcher.PoolLauncher"
    n_jobs: int = -1


ConfigStore.instance().store(group="hydra/launcher", name="vcsim", node=PoolLauncherConf, provider="vcsim")

#: What a worker was given when it started: the Hydra context, the sweep's config, the task.
_WORKER: dict[str, Any] = {}


def _start_worker(hydra_context: Any, config: Any, task_function: Any, singleton_state: Any) -> None:
    from sim.cli.sweep_watch import watch_sweep_process

    watch_sweep_process()  # a worker ends with the sweep's process, busy or idle
    setup_globals()
    Singleton.set_state(singleton_state)
    _WORKER.update(context=hydra_context, config=config, task=task_function)


def _run(idx: int, overrides: Sequence[str]) -> JobReturn:
    """Compose job ``idx`` from its overrides and run it (in a worker, or in this process)."""
    context, config = _WORKER["context"], _WORKER["config"]
    sweep_config = context.config_loader.load_sweep_config(config, list(overrides))
    with open_dict(sweep_config):
        sweep_config.hydra.job.id = f"{sweep_config.hydra.job.name}_{idx}"
        sweep_config.hydra.job.num = idx
    HydraConfig.instance().set_config(sweep_config)
    return run_job(hydra_context=context, config=sweep_config, task_function=_WORKER["task"],
                   job_dir_key="hydra.sweep.dir", job_subdir_key="hydra.sweep.subdir")


class PoolLauncher(Launcher):
    """Runs a sweep's jobs in ``n_jobs`` persistent worker processes."""

    def __init__(self, n_jobs: int = -1) -> None:
        self.n_jobs = n_jobs
        self.config: Any = None
        self.hydra_context: Any = None
        self.task_function: Any = None
        self._pool: Any = None
        self._finalizer: Any = None

    def setup(self, *, hydra_context: Any, task_function: Any, config: Any) -> None:
        self.hydra_context, self.task_function, self.config = hydra_context, task_function, config

    def _workers(self, n: int) -> Any:
        if self._pool is None:
            from joblib.externals.loky import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=n, initializer=_start_worker,
                initargs=(self.hydra_context, self.config, self.task_function, Singleton.get_state()))
            self._finalizer = weakref.finalize(self, self._pool.shutdown, wait=True)
        return self._pool

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        workers = (os.cpu_count() or 1) if self.n_jobs < 1 else self.n_jobs
        n = min(workers, len(job_overrides))
        log.info("vcsim launcher: %d jobs on %d worker(s), sweep output dir: %s",
                 len(job_overrides), max(n, 1), sweep_dir)
        for idx, overrides in enumerate(job_overrides):
            log.info("\t#%d : %s", initial_job_idx + idx, " ".join(filter_overrides(overrides)))
        if n <= 1:
            _start_worker(self.hydra_context, self.config, self.task_function, Singleton.get_state())
            return [_run(initial_job_idx + i, list(o)) for i, o in enumerate(job_overrides)]
        pool = self._workers(n)
        futures = [pool.submit(_run, initial_job_idx + i, list(o)) for i, o in enumerate(job_overrides)]
        try:
            returns = [_result(f, o) for f, o in zip(futures, job_overrides, strict=True)]
        except BaseException:  # Ctrl-C: stop the running jobs and drop the queued ones
            self.close(kill=True)
            raise
        if any(isinstance(r._return_value, BrokenProcessPool) for r in returns):
            self.close(kill=True)  # a dead worker broke the pool: the next batch gets a new one
        return returns

    def close(self, kill: bool = False) -> None:
        """Stop the workers (``kill``: at once, dropping queued and running jobs)."""
        pool, self._pool = self._pool, None
        if self._finalizer is not None:
            # Its ``shutdown(wait=True)`` at exit would reset loky's kill flag to False
            # before loky's manager thread acts on it: the killed jobs would run on.
            self._finalizer.detach()
            self._finalizer = None
        if pool is not None:
            pool.shutdown(wait=True, kill_workers=kill)  # a kill ends the workers within ~1 s


def _result(future: Any, overrides: Sequence[str]) -> JobReturn:
    """A job's return; a job that raised in its worker, or whose worker died (killed, out of
    memory), is a failed job like one whose run raised."""
    try:
        return future.result()
    except Exception as err:
        log.error("job %s failed in its worker: %s: %s", " ".join(overrides), type(err).__name__, err)
        return JobReturn(overrides=list(overrides), status=JobStatus.FAILED, _return_value=err)
