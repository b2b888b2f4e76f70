"""Compose a sweep's jobs once per structure instead of once per job.

Hydra composes every job of a multirun from scratch (``load_sweep_config``,
about 0.4 s with vcsim's configuration): our validating sweeper composes each
job to check it before the sweep starts, and the launcher composes it again
to run it (in the parent with the basic launcher, in a worker with joblib).
A seed sweep of a 1-second run spent as long composing as simulating.

Jobs that differ only in plain values (``seed=3``, ``days=90``: a key that is
not a config group, without ``+``/``~``, nothing under ``hydra``) have the
same defaults tree, so :func:`load_sweep_config` composes the first of them
and derives the others the way Hydra's own loader finishes a composition: a
copy of that configuration, the job's values applied with Hydra's override
step (so a value Hydra would refuse is refused), and the job's
``hydra.overrides.task`` and ``hydra.job.override_dirname`` set from its
overrides. ``tests/test_sweep_compose.py`` checks that every job folder's
``.hydra`` files are identical with and without it.

:func:`install` replaces ``ConfigLoaderImpl.load_sweep_config`` in the
process (``sim.run`` installs it on import, so joblib workers that unpickle
the task get it too). ``VCSIM_SWEEP_COMPOSE_CACHE=0`` leaves Hydra's own.
"""

from __future__ import annotations

import copy
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override, OverrideType
from omegaconf import DictConfig, OmegaConf

from sim.environment import setting

__all__ = ["install", "load_sweep_config", "split_plain"]

_ORIGINAL = ConfigLoaderImpl.load_sweep_config
_CACHE: OrderedDict[tuple[Any, ...], DictConfig] = OrderedDict()
#: Distinct structures kept per process (a structure is one composed configuration, ~1 MB).
MAX_ENTRIES = 32


def split_plain(overrides: Sequence[str], is_group: Callable[[str], bool]
                ) -> tuple[list[Override], list[Override], list[Override]]:
    """``(parsed, structure, plain)``: every override parsed, those that shape the
    composition (config groups, ``+``/``~``, packages, anything under ``hydra``), and those
    that only set a value of an existing key."""
    parsed = OverridesParser.create().parse_overrides(list(overrides))
    plain = [o for o in parsed if o.type == OverrideType.CHANGE and o.package is None
             and not o.is_hydra_override() and not is_group(o.key_or_group)]
    return parsed, [o for o in parsed if o not in plain], plain


def load_sweep_config(loader: ConfigLoaderImpl, master_config: DictConfig,
                      sweep_overrides: list[str]) -> DictConfig:
    """What ``ConfigLoaderImpl.load_sweep_config`` returns, composed once per structure."""
    parsed, structure, plain = split_plain(sweep_overrides, loader.repository.group_exists)
    key = (str(master_config.hydra.job.config_name), repr(loader.get_search_path()),
           tuple(OmegaConf.to_container(master_config.hydra.overrides.hydra)),
           tuple(o.input_line for o in structure), tuple(o.key_or_group for o in plain), os.getcwd())
    base = _CACHE.get(key)
    if base is None:
        cfg = _ORIGINAL(loader, master_config, list(sweep_overrides))
        _CACHE[key] = copy.deepcopy(cfg)
        while len(_CACHE) > MAX_ENTRIES:
            _CACHE.popitem(last=False)
        return cfg
    _CACHE.move_to_end(key)
    cfg = copy.deepcopy(base)
    ConfigLoaderImpl._apply_overrides_to_config(plain, cfg)
    app = [o for o in parsed if not o.is_hydra_override()]
    cfg.hydra.overrides.task = [o.input_line for o in app]
    names = cfg.hydra.job.config.override_dirname
    cfg.hydra.job.override_dirname = get_overrides_dirname(
        overrides=app, kv_sep=names.kv_sep, item_sep=names.item_sep, exclude_keys=names.exclude_keys)
    OmegaConf.copy_cache(from_config=master_config, to_config=cfg)
    return cfg


def install() -> None:
    """Use :func:`load_sweep_config` for every sweep in this process (idempotent)."""
    if setting("VCSIM_SWEEP_COMPOSE_CACHE", strict=False) == "0":  # sim.run reports a bad value
        ConfigLoaderImpl.load_sweep_config = _ORIGINAL  # type: ignore[method-assign]
        return
    ConfigLoaderImpl.load_sweep_config = load_sweep_config  # type: ignore[method-assign,assignment]
