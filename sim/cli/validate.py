"""Validating a composed configuration before anything runs or is written.

Used by the run callback (a single run), the sweepers (every job of a sweep)
and the compose API: the run parameters and an optimisation experiment's
objective are built (every declared bound and rule checked), and the factories
Hydra would instantiate from its own section are restricted to Hydra's own
classes and plugins.
"""

from __future__ import annotations

from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.cli.objective import objective_from_config
from sim.config import params_from_config
from sim.errors import ConfigError
from sim.params.run_params import RunParams
from sim.season import weather_for

__all__ = ["ALLOWED_FACTORY_PREFIXES", "check_config", "check_hydra_factories"]

#: Modules whose classes Hydra may instantiate from the ``hydra`` section of a config
#: (``logging.config`` excluded).
ALLOWED_FACTORY_PREFIXES: tuple[str, ...] = ("hydra.", "hydra_plugins.", "optuna.samplers.", "logging.",
                                             "sim.cli.")


def check_config(cfg: DictConfig | dict[str, Any]) -> RunParams:
    """The validated run parameters of a composed config (``hydra`` and ``objective`` apart),
    with a daily weather file checked to cover every day of the run."""
    container = OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else cfg
    params = params_from_config(container)
    if params.season.mode == "csv":  # the file must cover the warm-up and the run before any output
        weather_for(params.season, -params.vector.warmup_days, params.days - 1)
    if container.get("objective") is not None:
        objective_from_config(container["objective"])
    return params


def check_hydra_factories(node: Any, path: str = "hydra") -> None:
    """Hydra builds its launcher, sweeper, callbacks and log handlers from ``_target_``,
    ``()`` and ``class`` keys: only Hydra's own classes, installed Hydra plugins, Optuna
    samplers, ``logging`` handlers and this project's command-line classes may be named,
    so a config file cannot make Hydra call an arbitrary function (a best-effort guard,
    not a sandbox; the run parameters themselves are plain data)."""
    if isinstance(node, DictConfig):
        node = OmegaConf.to_container(node, resolve=False)
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}"
            if key in ("_target_", "()", "class") and not _allowed(value):
                raise ConfigError(where, value, "not an allowed factory; only Hydra's own classes "
                                  f"and plugins ({', '.join(ALLOWED_FACTORY_PREFIXES)}) may be named")
            check_hydra_factories(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_hydra_factories(value, f"{path}[{i}]")


def _allowed(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith(ALLOWED_FACTORY_PREFIXES)
            and not value.startswith("logging.config"))
