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
from sim.environment import check_environment
from sim.errors import ConfigError

__all__ = ["main"]

log = logging.getLogger("sim.run")
compose_sweeps_once()  # here, so joblib workers that unpickle the task use it too (sim.cli.sweep_compose)


class _TaskFailed(Exception):
    """A run raised something other than bad input: re-raised as it was, with its traceback."""


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="config")
def _hydra_main(cfg: DictConfig) -> dict[str, Any] | float | None:
    try:
        summary = run_job(cfg)
    except ConfigError:
        raise
    except Exception as err:
        raise _TaskFailed from err
    if summary is None or cfg.get("objective") is None:
        return summary
    # An optimiser (Optuna sweeper) needs a float: cases plus a penalty over the budget.
    return objective_value(summary, objective_from_config(OmegaConf.to_container(cfg.objective)))


def main(argv: list[str] | None = None) -> None:
    """Run Hydra; any bad input ends in one line on stderr and exit status 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    register_schemas()
    os.environ["HYDRA_FULL_ERROR"] = "1"  # Hydra raises its errors instead of printing them
    try:
        check_environment()
        check_shape(args, main_dir=Path(__file__).parent)
        sys.argv = [sys.argv[0], *args]
        with mode_from_command_line(args):
            _hydra_main()
    except _TaskFailed as failed:
        raise failed.__cause__ from None
    except Refused as refused:
        print(f"error: {refused.error}", file=sys.stderr)
        sys.exit(2)
    except Exception as err:
        print(f"error: {to_config_error(err, args)}", file=sys.stderr)
        sys.exit(2)
    finally:
        GlobalHydra.instance().clear()  # so a process (a test, a tool) can call main again


if __name__ == "__main__":
    main()
