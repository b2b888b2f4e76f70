"""Compose run parameters from Hydra-style overrides without the command line.

Used by the analysis tools (planner, animation, page), benchmarks and tests:
``compose_params(["village=small", "seed=3"])`` gives the same parameters as
``python -m sim.run village=small seed=3``.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import OmegaConf

from sim.cli.config_store import register_schemas
from sim.cli.configs import CONFIG_DIR
from sim.cli.errors import to_config_error
from sim.cli.validate import check_config
from sim.errors import ConfigError
from sim.params.run_params import RunParams

__all__ = ["CONFIG_DIR", "compose_config", "compose_params"]


def compose_config(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The composed configuration as a plain dict (``hydra`` section removed).

    Hydra's composition costs about half a second, so a process composes each list
    of overrides once and hands out copies (the config folder does not change
    while a process runs; failures are not remembered).

    Raises:
        ConfigError: one line naming the key, for any composition error.
    """
    return copy.deepcopy(_compose_once(tuple(overrides)))


@functools.lru_cache(maxsize=256)
def _compose_once(overrides: tuple[str, ...]) -> dict[str, Any]:
    register_schemas()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
            cfg = compose(config_name="config", overrides=list(overrides))
            data = OmegaConf.to_container(cfg, resolve=True)
    except ConfigError:
        raise
    except Exception as err:
        raise to_config_error(err, overrides) from None
    finally:
        GlobalHydra.instance().clear()
    data.pop("hydra", None)
    return data


def compose_params(overrides: Sequence[str] = ()) -> RunParams:
    """Validated run parameters for ``overrides`` (e.g. ``["village=small", "seed=1"]``)."""
    return check_config(compose_config(overrides))
