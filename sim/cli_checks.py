"""Checks of a command line before Hydra creates any folder.

Hydra reports an unknown config-group option or key in several lines with
exit status 1 after it may have created an output folder. These checks
compose the configuration first (every combination of a sweep, up to a
limit) and validate the run parameters, so bad input is one line, exit 2,
and nothing on disk.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import OmegaConf

from sim.config import params_from_config
from sim.errors import ConfigError

__all__ = ["MAX_COMBINATIONS_CHECKED", "check_command_line", "config_groups", "config_hash"]

MAX_COMBINATIONS_CHECKED = 400


def config_groups(config_dir: str) -> dict[str, list[str]]:
    """Config groups and their options, from the folders of ``config_dir``."""
    root = Path(config_dir)
    return {
        d.name: sorted(p.stem for p in d.glob("*.yaml") if not p.stem.startswith("_"))
        for d in sorted(root.iterdir())
        if d.is_dir() and not d.name.startswith((".", "_")) and d.name != "hydra"
    }


def config_hash(container: Any) -> str:
    """A stable hash of a composed config (``hydra`` section excluded)."""
    data = {k: v for k, v in container.items() if k != "hydra"}
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _expand(args: Sequence[str]) -> list[list[str]]:
    """Every combination of the sweep overrides (``a=1,2``) as plain override lists."""
    parser = OverridesParser.create()
    try:
        overrides = parser.parse_overrides([a for a in args if not a.startswith("hydra")])
    except Exception as err:
        first = str(err).strip().splitlines()[0]
        raise ConfigError("command line", " ".join(args), f"cannot parse: {first}") from None
    choices: list[list[str]] = []
    for o in overrides:
        key = o.get_key_element()
        if o.is_sweep_override():
            choices.append([f"{key}={v}" for v in o.sweep_string_iterator()])
        else:
            choices.append([o.input_line])
    return [list(c) for c in itertools.islice(itertools.product(*choices),
                                              MAX_COMBINATIONS_CHECKED)]


def _check_groups(args: Sequence[str], groups: dict[str, list[str]]) -> None:
    for arg in args:
        key, sep, value = arg.lstrip("+~").partition("=")
        if not sep or key not in groups:
            continue
        for v in value.split(","):
            if v and v not in groups[key]:
                raise ConfigError(key, v, f"unknown {key}; allowed: {', '.join(groups[key])}")


def check_command_line(args: Sequence[str], config_dir: str) -> None:
    """Raise ConfigError (one line) if the overrides cannot make a valid run."""
    flags = {"-m", "--multirun", "--cfg", "-c", "--info", "--help", "-h", "--hydra-help"}
    if any(a in ("--help", "-h", "--hydra-help", "--info") or a.startswith("--cfg") for a in args):
        return
    plain = [a for a in args if a not in flags and not a.startswith("-")]
    _check_groups(plain, config_groups(config_dir))
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=config_dir, version_base="1.3"):
        for combo in _expand(plain):
            try:
                cfg = compose(config_name="config", overrides=combo)
            except Exception as err:
                raise ConfigError("command line", " ".join(combo), _one_line(err)) from None
            params_from_config(OmegaConf.to_container(cfg, resolve=True))
    GlobalHydra.instance().clear()


def _one_line(err: Exception) -> str:
    text = " ".join(str(err).split())
    if "not in struct" in text or "Could not override" in text:
        key = text.split("'")[1] if "'" in text else text
        return f"unknown key '{key}'; use a key of the composed config (python -m sim.run --cfg job)"
    return text[:300]
