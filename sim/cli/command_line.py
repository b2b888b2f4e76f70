"""Checks of the command line's shape that Hydra's argument parser cannot report in one line.

Hydra's parser takes its options (``-m``, ``-cd DIR``, ...) before or after all
``key=value`` overrides; an option between them, a list of values without
``-m``, or a config folder that does not exist would otherwise end in a usage
text or a traceback. Everything else is left to Hydra and to the validation
hooks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hydra.core.override_parser.overrides_parser import OverridesParser

from sim.errors import ConfigError

__all__ = ["check_shape"]

#: Hydra options followed by a value.
_VALUE_OPTIONS = {"-c", "--cfg", "-p", "--package", "-cp", "--config-path", "-cn", "--config-name",
                  "-cd", "--config-dir", "-sc", "--shell-completion", "--experimental-rerun"}
_INFO_VALUES = {"all", "config", "defaults", "defaults-tree", "plugins", "searchpath"}
_MULTIRUN = {"-m", "--multirun"}


def _split(args: Sequence[str]) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """``(overrides with their positions, options with their values)``."""
    overrides, options = [], {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _VALUE_OPTIONS and i + 1 < len(args):
            options[arg] = args[i + 1]
            i += 2
            continue
        if arg in ("-i", "--info") and i + 1 < len(args) and args[i + 1] in _INFO_VALUES:
            i += 2
            continue
        if arg.startswith("-"):
            options[arg] = ""
        else:
            overrides.append((i, arg))
        i += 1
    return overrides, options


def check_shape(args: Sequence[str], main_dir: Path) -> None:
    """Raise ConfigError for options between overrides, sweeps without ``-m`` and missing folders.

    Args:
        args: the command line after the program name.
        main_dir: folder of the module with ``@hydra.main`` (a relative
            ``--config-path`` is resolved against it, as Hydra does).
    """
    overrides, options = _split(args)
    positions = [i for i, _ in overrides]
    if positions and positions[-1] - positions[0] + 1 != len(positions):
        raise ConfigError("command line", " ".join(args), "an option stands between two overrides "
                          "(options such as -m go before or after all key=value overrides)")
    for flag in ("-cd", "--config-dir"):
        if flag in options and not Path(options[flag]).is_dir():
            raise ConfigError("--config-dir", options[flag], "folder not found")
    for flag in ("-cp", "--config-path"):
        path = options.get(flag)
        if path and not path.startswith("pkg://") and not (main_dir / path).is_dir():
            raise ConfigError("--config-path", path, "folder not found")
    if _MULTIRUN & set(options):
        return
    parser = OverridesParser.create()
    for _, text in overrides:
        if text.startswith("hydra"):
            continue
        try:
            sweep = parser.parse_override(text).is_sweep_override()
        except Exception:  # Hydra reports it
            continue
        if sweep:
            key, _, value = text.partition("=")
            raise ConfigError(key.lstrip("+~"), value,
                              "several values need -m (multirun); a list is written [a,b]")
