"""Hydra callbacks: refuse bad input before Hydra creates a run folder or builds plugins
(:class:`ValidateRun`), and report the failed jobs of any sweeper (:class:`ReportSweep`).

Hydra calls ``on_run_start`` before the run's output folder exists and
``on_multirun_start`` before it instantiates the sweeper and launcher. Hydra
turns an ``Exception`` raised by a callback into a warning, so bad input is
raised as :class:`~sim.cli.errors.Refused` (a ``BaseException``), which the
entry point prints as one line.
"""

from __future__ import annotations

import time
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from sim.cli.errors import Refused
from sim.cli.sweep_outcome import outcome_from_folder, record, recorded
from sim.cli.validate import (
    check_config,
    check_config_files_not_empty,
    check_hydra_factories,
    check_output_folder,
)
from sim.errors import ConfigError

__all__ = ["ReportSweep", "ValidateRun"]


class ValidateRun(Callback):
    """Check a single run's parameters, and the factories of Hydra's own section."""

    def on_run_start(self, config: DictConfig, **kwargs: Any) -> None:
        try:
            check_hydra_factories(config.hydra)
            check_config_files_not_empty(config.hydra)
            check_config(OmegaConf.masked_copy(config, [k for k in config if k != "hydra"]))
            check_output_folder("hydra.run.dir", config.hydra.run.dir)
        except ConfigError as err:
            raise Refused(err) from None

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        try:
            check_hydra_factories(config.hydra)
            check_config_files_not_empty(config.hydra)
            check_output_folder("hydra.sweep.dir", config.hydra.sweep.dir)
        except ConfigError as err:
            raise Refused(err) from None


class ReportSweep(Callback):
    """Hand the entry point what a sweep's jobs did when the sweeper did not (Optuna's).

    vcsim's sweepers record every job's outcome themselves; for any other sweeper the
    outcome is read from the sweep folder (:func:`sim.cli.sweep_outcome.outcome_from_folder`),
    so ``sim.run`` names its failed jobs and exits 1 all the same.
    """

    def __init__(self) -> None:
        self.started = 0.0

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        self.started = time.time()

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        if not recorded():
            record(outcome_from_folder(str(config.hydra.sweep.dir), self.started))
