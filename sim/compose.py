"""Compose run parameters from Hydra-style overrides without the command line.

Used by the analysis tools (planner, animation, app), benchmarks and tests:
``compose_params(["village=small", "seed=3"])`` gives the same parameters as
``python -m sim.run village=small seed=3``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import OmegaConf

from sim.config import params_from_config
from sim.params.run import RunParams

__all__ = ["CONFIG_DIR", "compose_config", "compose_params"]

CONFIG_DIR = str(Path(__file__).resolve().parent.parent / "configs")


def compose_config(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The composed configuration as a plain dict (``hydra`` section removed)."""
    from sim.cli_checks import _check_groups, compose_error, config_groups

    _check_groups(list(overrides), config_groups(CONFIG_DIR))
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
            try:
                cfg = compose(config_name="config", overrides=list(overrides))
                data = OmegaConf.to_container(cfg, resolve=True)
            except Exception as err:
                raise compose_error(err, list(overrides)) from None
    finally:
        GlobalHydra.instance().clear()
    data.pop("hydra", None)
    return data


def compose_params(overrides: Sequence[str] = ()) -> RunParams:
    """Validated run parameters for ``overrides`` (e.g. ``["village=small", "seed=1"]``)."""
    return params_from_config(compose_config(overrides))
