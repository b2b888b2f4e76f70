"""Command-line entry point: ``python -m sim.run [overrides]`` (Hydra, version_base 1.3).

Examples::

    python -m sim.run                                  # default village, baseline, 180 days
    python -m sim.run village=small disease=dengue seed=3 days=120
    python -m sim.run -m strategy=baseline,ring_zoning seed=0,1,2

Every run writes ``timeseries.csv`` and ``summary.json`` (last, atomically)
into its Hydra output folder. Bad input is reported in one line naming the
key and the allowed values, with exit status 2 and no output folder: Hydra
raises its composition errors (``HYDRA_FULL_ERROR``), the run callback
(:mod:`sim.cli.callbacks`) and the sweepers (``hydra_plugins.vcsim_sweepers``)
validate before any folder is made, and :func:`sim.cli.errors.to_config_error`
turns what they raise into that line.

A sweep runs every job even when some fail (each failed job writes
``error.json`` in its folder), then prints one ``failed: job N (key=value):
error`` line per failed job and a summary on stderr, and exits 1
(:mod:`sim.cli.sweep_outcome`). An interrupted run or sweep (Ctrl-C) exits 130;
a sweep's worker processes end soon after the sweep's process ends, however it
ended (:mod:`sim.cli.sweep_watch`).

Exit status: 0 done, 1 a run failed or some jobs of a sweep failed, 2 bad
input, 130 interrupted.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import hydra
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, OmegaConf

from sim.cli.command_line import check_shape
from sim.cli.config_store import register_schemas
from sim.cli.configs import CONFIG_DIR
from sim.cli.errors import Refused, to_config_error
from sim.cli.hydra_mode import mode_from_command_line
from sim.cli.job import run_job
from sim.cli.objective import objective_from_config, objective_value
from sim.cli.sweep_compose import install as compose_sweeps_once
from sim.cli.sweep_outcome import TaskFailed
from sim.cli.sweep_outcome import take as take_sweep_outcome
from sim.cli.sweep_watch import ENV as SWEEP_PROCESS_ENV
from sim.cli.sweep_watch import sweep_token
from sim.environment import check_environment
from sim.errors import ConfigError

__all__ = ["main"]

log = logging.getLogger("sim.run")
compose_sweeps_once()  # here, so joblib workers that unpickle the task use it too (sim.cli.sweep_compose)

#: Exit status of an interrupted run or sweep (as a shell reports SIGINT).
INTERRUPTED = 130


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="config")
def _hydra_main(cfg: DictConfig) -> dict[str, Any] | float | None:
    try:
        summary = run_job(cfg)
    except ConfigError:
        raise
    except Exception as err:  # re-raised as it was by main (a single run), reported by a sweep
        raise TaskFailed(f"{type(err).__name__}: {err}") from err
    if summary is None or cfg.get("objective") is None:
        return summary
    # An optimiser (Optuna sweeper) needs a float: cases plus a penalty over the budget.
    return objective_value(summary, objective_from_config(OmegaConf.to_container(cfg.objective)))


def main(argv: list[str] | None = None) -> int:
    """Run Hydra and return the exit status: 0, or 1 if jobs of a sweep failed (each named on
    stderr). Bad input ends in one line on stderr and ``SystemExit(2)``; a run that fails
    raises its error."""
    args = sys.argv[1:] if argv is None else list(argv)
    register_schemas()
    # Hydra imports every plugin, so the Optuna sweeper's optuna and alembic, whose plugin
    # registry (alembic >= 1.16) logs at INFO on import: lines on stderr before an error's one.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    os.environ["HYDRA_FULL_ERROR"] = "1"  # Hydra raises its errors instead of printing them
    before = os.environ.get(SWEEP_PROCESS_ENV)
    os.environ[SWEEP_PROCESS_ENV] = sweep_token()  # a sweep's workers end with this process
    take_sweep_outcome()  # forget a sweep an earlier call in this process ran
    try:
        check_environment()
        check_shape(args, main_dir=Path(__file__).parent)
        sys.argv = [sys.argv[0], *args]
        with mode_from_command_line(args):
            _hydra_main()
    except TaskFailed as failed:
        raise (failed.__cause__ or failed) from None
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except Refused as refused:
        print(f"error: {refused.error}", file=sys.stderr)
        sys.exit(2)
    except Exception as err:
        print(f"error: {to_config_error(err, args)}", file=sys.stderr)
        sys.exit(2)
    finally:
        GlobalHydra.instance().clear()  # so a process (a test, a tool) can call main again
        if before is None:
            os.environ.pop(SWEEP_PROCESS_ENV, None)
        else:
            os.environ[SWEEP_PROCESS_ENV] = before
    outcome = take_sweep_outcome()
    report = outcome.report() if outcome is not None else []
    for line in report:
        print(line, file=sys.stderr)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
