"""Turn a composed configuration (a plain nested dict) into validated run parameters.

This module does not import Hydra or OmegaConf: the entry point converts the
composed config with ``OmegaConf.to_container(cfg, resolve=True)`` first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.params.build import from_mapping
from sim.params.run_params import RunParams

__all__ = ["params_from_config"]


def params_from_config(config: Mapping[str, Any]) -> RunParams:
    """Validated :class:`RunParams` from a composed config.

    The ``hydra`` section and an optimisation experiment's ``objective`` section
    (validated by the command line, :mod:`sim.cli.objective`) are not run parameters.

    Raises:
        ConfigError: naming the first bad key, its value and the rule.
    """
    data = {k: v for k, v in config.items() if k not in ("hydra", "objective")}
    return from_mapping(RunParams, data)
