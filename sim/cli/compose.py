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
from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, OmegaConf

from sim.cli.config_store import register_schemas
from sim.cli.configs import CONFIG_DIR, config_groups
from sim.cli.errors import to_config_error
from sim.cli.sweep_compose import split_plain
from sim.cli.validate import check_config
from sim.environment import check_environment
from sim.errors import ConfigError
from sim.params.run_params import RunParams

__all__ = ["CONFIG_DIR", "compose_config", "compose_params"]


def compose_config(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The composed configuration as a plain dict (``hydra`` section removed).

    Hydra's composition costs about 0.3 s, so a process composes each *structure* once:
    overrides that only set plain values (``seed=3``, ``village.households=800``: no
    config group, no ``+``/``~``) are applied afterwards to a copy with Hydra's own
    override step, as :mod:`sim.cli.sweep_compose` does for sweeps. A seed series
    composes once. Each list of overrides is then remembered and copies handed out
    (the config folder does not change while a process runs; failures are not remembered).

    Raises:
        ConfigError: one line naming the key, for any composition error, or for a bad value
            of one of vcsim's environment switches (:mod:`sim.environment`): every tool that
            runs simulations composes first, so none starts with one.
    """
    check_environment()
    return copy.deepcopy(_compose_once(tuple(overrides)))


@functools.lru_cache(maxsize=256)
def _compose_once(overrides: tuple[str, ...]) -> dict[str, Any]:
    try:
        _, structure, plain = split_plain(overrides, lambda key: "/" in key or key in _groups())
        cfg = _compose_structure(tuple(o.input_line for o in structure))
        if plain:
            cfg = copy.deepcopy(cfg)
            ConfigLoaderImpl._apply_overrides_to_config(plain, cfg)
        data = OmegaConf.to_container(cfg, resolve=True)
    except ConfigError:
        raise
    except Exception as err:
        raise to_config_error(err, overrides) from None
    data.pop("hydra", None)
    return data


@functools.cache
def _groups() -> frozenset[str]:
    return frozenset(config_groups(CONFIG_DIR))


@functools.lru_cache(maxsize=32)
def _compose_structure(overrides: tuple[str, ...]) -> DictConfig:
    """Hydra's composition of ``overrides`` (group choices, additions, deletions)."""
    register_schemas()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
            return compose(config_name="config", overrides=list(overrides))
    finally:
        GlobalHydra.instance().clear()


def compose_params(overrides: Sequence[str] = ()) -> RunParams:
    """Validated run parameters for ``overrides`` (e.g. ``["village=small", "seed=1"]``)."""
    return check_config(compose_config(overrides))
