"""Validating a composed configuration before anything runs or is written.

Used by the run callback (a single run), the sweepers (every job of a sweep)
and the compose API: the run parameters and an optimisation experiment's
objective are built (every declared bound and rule checked), and the factories
Hydra would instantiate from its own section are restricted to Hydra's own
classes and plugins.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.cli.objective import objective_from_config
from sim.config import params_from_config
from sim.environment import setting
from sim.errors import ConfigError
from sim.estimate import check_size
from sim.params.run_params import RunParams
from sim.season import weather_for

__all__ = ["ALLOWED_FACTORY_BASES", "ALLOWED_FACTORY_PACKAGES", "check_config",
           "check_config_files_not_empty",
           "check_hydra_factories", "check_output_folder", "factory_is_allowed"]

#: Packages whose classes Hydra may instantiate from the ``hydra`` section of a config.
ALLOWED_FACTORY_PACKAGES: tuple[str, ...] = ("hydra", "hydra_plugins", "optuna", "logging", "sim")

#: What such a class must be (``module.Class``, named exactly): a launcher, sweeper, callback,
#: log handler, formatter or filter, or an Optuna sampler.
ALLOWED_FACTORY_BASES: tuple[str, ...] = (
    "hydra.plugins.launcher.Launcher", "hydra.plugins.sweeper.Sweeper",
    "hydra.experimental.callback.Callback", "logging.Handler", "logging.Formatter", "logging.Filter",
    "optuna.samplers.BaseSampler")


def check_config(cfg: DictConfig | dict[str, Any]) -> RunParams:
    """The validated run parameters of a composed config (``hydra`` and ``objective`` apart),
    with a daily weather file checked to cover every day of the run."""
    container = OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else cfg
    params = params_from_config(container)
    if setting("VCSIM_SIZE_GUARD") == "on":
        check_size(params)
    if params.season.mode == "csv":  # the file must cover the warm-up and the run before any output
        weather_for(params.season, -params.vector.warmup_days, params.days - 1)
    if container.get("objective") is not None:
        objective_from_config(container["objective"])
    return params


def check_hydra_factories(node: Any, path: str = "hydra") -> None:
    """Hydra builds its launcher, sweeper, callbacks and log handlers from ``_target_``,
    ``()`` and ``class`` keys: each must name exactly a class (``package.module.Class``, no
    path through another module's attributes such as ``logging.os.system``) of one of
    :data:`ALLOWED_FACTORY_PACKAGES` that is one of :data:`ALLOWED_FACTORY_BASES`, so a config
    file cannot make Hydra call an arbitrary function (a guard beside Hydra's own target
    policy, not a sandbox; the run parameters themselves are plain data)."""
    if isinstance(node, DictConfig):
        node = OmegaConf.to_container(node, resolve=False)
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}"
            if key in ("_target_", "()", "class") and not factory_is_allowed(value):
                raise ConfigError(where, value, "not an allowed factory; only a launcher, sweeper, "
                                  "callback, log handler/formatter/filter or Optuna sampler class of "
                                  f"{', '.join(ALLOWED_FACTORY_PACKAGES)} may be named")
            check_hydra_factories(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_hydra_factories(value, f"{path}[{i}]")


def factory_is_allowed(value: Any) -> bool:
    """Whether ``value`` names exactly an allowed class (see :func:`check_hydra_factories`).

    Only the module part is imported, and only inside an allowed package; the class must be
    defined under the name given (``__module__`` and ``__qualname__``), so re-exported names
    and attributes of modules (``os.system`` reached through a Hydra module) are refused."""
    if not isinstance(value, str) or value.count(".") < 1:
        return False
    module_name, _, name = value.rpartition(".")
    if module_name.split(".")[0] not in ALLOWED_FACTORY_PACKAGES or module_name.startswith("logging.config"):
        return False
    try:
        module = importlib.import_module(module_name)
    except Exception:
        return False
    obj = getattr(module, name, None)
    if not isinstance(obj, type) or obj.__qualname__ != name or not _defined_in(obj, module_name):
        return False
    return any(issubclass(obj, base) for base in _bases())


def _defined_in(cls: type, module_name: str) -> bool:
    """A class is named by its own module, or by the package that re-exports it from a private
    submodule (``logging.StreamHandler``, ``optuna.samplers.TPESampler``)."""
    home = cls.__module__
    return home == module_name or home.startswith(module_name + ".")


def _bases() -> tuple[type, ...]:
    """The allowed base classes among the modules already imported: a class can only derive
    from a base whose module is loaded, so nothing is imported for the check (Optuna alone
    costs a second at every start)."""
    out = []
    for dotted in ALLOWED_FACTORY_BASES:
        module_name, _, name = dotted.rpartition(".")
        module = sys.modules.get(module_name)
        if module is not None and isinstance(getattr(module, name, None), type):
            out.append(getattr(module, name))
    return tuple(out)


def check_output_folder(key: str, folder: str | os.PathLike[str]) -> None:
    """Refuse an output folder that cannot be made or written, before any work is done.

    The missing part of the path is created, probed with a file, and removed again, so
    nothing is left on disk either way (Hydra creates the folder itself right after).
    """
    path = Path(folder).absolute()
    created: list[Path] = []
    try:
        for part in reversed([path, *path.parents]):
            if not part.exists():
                part.mkdir()
                created.append(part)
            elif not part.is_dir():
                raise NotADirectoryError(f"{part} is a file")
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(key, str(folder), f"cannot create or write the output folder ({reason})") from None
    finally:
        for part in reversed(created):
            part.rmdir()


def check_config_files_not_empty(hydra: Any) -> None:
    """Refuse an empty config file chosen for a group (``village=mine`` with an empty
    ``village/mine.yaml``): Hydra would read it as "no changes" and run the defaults under
    the user's name. Files are looked up in the config sources in Hydra's search order."""
    roots = [Path(src.path) for src in hydra.runtime.config_sources if src.schema == "file"]
    wanted = [f"{group}/{option}.yaml" for group, option in hydra.runtime.choices.items()
              if isinstance(option, str) and not group.startswith("hydra/")]
    wanted.append(f"{hydra.job.config_name}.yaml")
    for rel in wanted:
        found = next((root / rel for root in roots if (root / rel).is_file()), None)
        if found is not None and _is_empty_yaml(found):
            raise ConfigError.about(str(found), "the config file is empty (it would silently run the "
                                                "defaults); give at least its name and the values it changes")


def _is_empty_yaml(path: Path) -> bool:
    """A file with nothing but blank lines, comments or a document marker."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#", 1)[0].strip()
        if text and text not in ("---", "..."):
            return False
    return True
