"""Checks of a command line before Hydra creates any folder.

Hydra reports an unknown config-group option or key in several lines with
exit status 1 after it may have created an output folder. These checks parse
the command line with Hydra's own argument parser, build the same config
search path Hydra will use (``--config-path``, ``--config-dir``,
``--config-name`` and search-path plugins included), compose the
configuration for every value of every sweep (and for combinations of them,
up to a limit) and validate the run parameters, so bad input is one line,
exit 2, and nothing on disk.

Building that search path and composing quickly needs a few of Hydra's
internal functions (``hydra._internal``); they are stable within the pinned
hydra-core 1.3 series.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra._internal.hydra import Hydra
from hydra._internal.utils import create_automatic_config_search_path, get_args_parser
from hydra.core.config_search_path import SearchPathQuery
from hydra.core.global_hydra import GlobalHydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob, IntervalSweep, Override
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf, open_dict, read_write

from sim.config import params_from_config
from sim.errors import ConfigError

__all__ = [
    "ALLOWED_FACTORY_PREFIXES",
    "MAX_COMBINATIONS_CHECKED",
    "check_command_line",
    "compose_error",
    "config_groups",
    "config_hash",
]

#: Sweep combinations composed and validated at most (every single value is always checked).
MAX_COMBINATIONS_CHECKED = 400

#: Modules whose classes Hydra may instantiate from the ``hydra`` section of a config
#: (``logging.config`` excluded).
ALLOWED_FACTORY_PREFIXES: tuple[str, ...] = ("hydra.", "hydra_plugins.", "optuna.samplers.", "logging.")

#: The file declaring ``@hydra.main``: Hydra resolves a relative ``--config-path`` against its folder.
_MAIN_FILE = str(Path(__file__).resolve().with_name("run.py"))


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


def _value_of(key: str, overrides: Sequence[str]) -> str:
    """The value last given to ``key`` on the command line ('' if not found)."""
    for arg in reversed(overrides):
        k, sep, v = arg.lstrip("+~").partition("=")
        if sep and k == key:
            return v
    return ""


def compose_error(err: BaseException, overrides: Sequence[str]) -> ConfigError:
    """Turn a Hydra/OmegaConf/YAML composition error into a one-line ConfigError naming the key."""
    text = " ".join(str(err).split())
    match = re.search(r"Could not override '([^']+)'", text) or re.search(
        r"Key '([^']+)' is not in struct", text)
    if match:
        key = match.group(1)
        return ConfigError(key, _value_of(key, overrides),
                           "unknown key; list the keys with: python -m sim.run --cfg job")
    match = re.search(r"An item is already at '([^']+)'", text)
    if match:
        key = match.group(1)
        return ConfigError(key, _value_of(key, overrides),
                           "already in the config; set it without the leading '+'")
    match = re.search(r"Ambiguous value for argument '([^'=]+)=([^']*)'", text)
    if match:
        return ConfigError(match.group(1), match.group(2),
                           "several values need -m (multirun); a list is written [a,b]")
    match = re.search(r"Could not find '([^']+)/([^'/]+)'", text)
    if match:
        allowed = re.search(r"Available options in '[^']+': (.*?)(?: Config search path|$)", text)
        rule = f"unknown {match.group(1)}"
        if allowed:
            rule += f"; allowed: {', '.join(allowed.group(1).split())}"
        return ConfigError(match.group(1), match.group(2), rule)
    match = re.search(r"Cannot find primary config '([^']+)'", text)
    if match:
        return ConfigError("--config-name", match.group(1),
                           "no such config file in the config search path (python -m sim.run --info)")
    match = re.search(r'in "([^"]+\.ya?ml)", line (\d+)', text)
    if match:
        problem = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return ConfigError.about(match.group(1),
                                 f"not valid YAML (line {match.group(2)}): {problem}")
    full_key = getattr(err, "full_key", None) or getattr(err.__cause__, "full_key", None)
    if full_key:
        return ConfigError(str(full_key), _value_of(str(full_key), overrides), text[:300])
    return ConfigError("command line", " ".join(overrides), text[:300])


def _check_groups(args: Sequence[str], groups: dict[str, list[str]]) -> None:
    """Reject an unknown option of a config group (``village=atlantis``) with the allowed ones."""
    for arg in args:
        key, sep, value = arg.lstrip("+~").partition("=")
        if not sep or key not in groups or "(" in value or value.startswith(("[", "$")):
            continue  # sweep functions (glob, choice, range) are expanded and checked later
        for v in value.split(","):
            if v and v != "null" and v not in groups[key]:
                raise ConfigError(key, v, f"unknown {key}; allowed: {', '.join(groups[key])}")


def _parse_args(args: Sequence[str]) -> argparse.Namespace:
    """Hydra's own command-line parser, failing with a ConfigError instead of a usage text."""
    parser = get_args_parser()

    def fail(message: str) -> None:
        raise ConfigError("command line", " ".join(args),
                          f"{message} (options such as -m go before or after all key=value overrides)")

    parser.error = fail  # type: ignore[method-assign]
    return parser.parse_args(list(args))


@contextmanager
def _hydra_session(config_dir: str, ns: argparse.Namespace) -> Iterator[Hydra]:
    """A Hydra instance with the config search path the real run will use."""
    config_path = ns.config_path if ns.config_path is not None else config_dir
    if not config_path.startswith("pkg://"):
        primary = Path(_MAIN_FILE).parent / config_path  # Hydra's rule for a relative path
        if not primary.is_dir():
            raise ConfigError("--config-path", config_path, "folder not found")
    GlobalHydra.instance().clear()
    try:
        search_path = create_automatic_config_search_path(_MAIN_FILE, None, config_path)
        if ns.config_dir is not None:
            extra = os.path.abspath(ns.config_dir)
            if not os.path.isdir(extra):
                raise ConfigError("--config-dir", ns.config_dir, "folder not found")
            search_path.prepend(provider="command-line", path=f"file://{extra}",
                                anchor=SearchPathQuery(provider="schema"))
        yield Hydra.create_main_hydra2(task_name="run", config_search_path=search_path)
    finally:
        GlobalHydra.instance().clear()


def _groups(hydra: Hydra) -> dict[str, list[str]]:
    """Top-level config groups and their options across the whole search path."""
    loader = hydra.config_loader
    return {
        g: sorted(o for o in loader.get_group_options(g) if not o.startswith("_"))
        for g in loader.list_groups("")
        if g != "hydra"
    }


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _values(o: Override, groups: dict[str, list[str]]) -> list[str]:
    """The plain ``key=value`` overrides a sweep override stands for (interval: its two ends)."""
    key = o.get_key_element()
    value = o.value()
    if isinstance(value, Glob):
        return [f"{key}={v}" for v in value.filter(groups.get(key.lstrip("+~"), []))]
    if isinstance(value, IntervalSweep):
        return [f"{key}={_fmt(value.start)}", f"{key}={_fmt(value.end)}"]
    return [f"{key}={v}" for v in o.sweep_string_iterator()]


def _expand(args: Sequence[str], groups: dict[str, list[str]] | None = None) -> list[list[str]]:
    """Override lists to check: every value of every sweep at least once, then combinations.

    Sweeps of ``hydra.*`` settings are left to Hydra; plain ``hydra`` overrides are kept
    (they choose the sweeper and launcher).
    """
    parser = OverridesParser.create()
    try:
        overrides = parser.parse_overrides(list(args))
    except Exception as err:
        first = str(err).strip().splitlines()[0]
        raise ConfigError("command line", " ".join(args), f"cannot parse: {first}") from None
    choices: list[list[str]] = []
    for o in overrides:
        if o.is_hydra_override() and o.is_sweep_override():
            continue  # sweeps of Hydra's own settings are left to Hydra
        if o.is_sweep_override():
            options = _values(o, groups or {})
            if not options:
                key, _, text = o.input_line.partition("=")
                raise ConfigError(key.lstrip("+~"), text, "the sweep has no values")
            choices.append(options)
        else:
            choices.append([o.input_line])
    widest = max((len(c) for c in choices), default=1)
    combos = [[c[i % len(c)] for c in choices] for i in range(widest)]
    for combo in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS_CHECKED):
        if len(combos) >= max(MAX_COMBINATIONS_CHECKED, widest):
            break
        combos.append(list(combo))
    unique: dict[tuple[str, ...], list[str]] = {tuple(c): c for c in combos}
    return list(unique.values())


def _has_sweep(args: Sequence[str]) -> str | None:
    """The first override that lists several values, if any."""
    parser = OverridesParser.create()
    for arg in args:
        if arg.startswith("hydra"):
            continue
        try:
            if parser.parse_override(arg).is_sweep_override():
                return arg
        except Exception:  # reported by _expand with the parser's own message
            return None
    return None


class _Composed(NamedTuple):
    """What the checks need to know of Hydra's own settings in a composed config."""

    sweeper: str
    multirun: bool
    sweep_params: dict[str, str]


class _Checker:
    """Composes and validates override lists, composing each choice of config files once.

    Hydra composes a config in two steps: it picks the config files (config-group
    overrides such as ``village=small``, and ``hydra`` settings), then applies the
    value overrides (``days=30``) to the result. The first step is slow, so its
    result is cached per choice of files and only the second step is repeated for
    each combination of a sweep.
    """

    def __init__(self, hydra: Hydra, config_name: str) -> None:
        self.hydra = hydra
        self.config_name = config_name
        self.parser = OverridesParser.create()
        self._bases: dict[tuple[str, ...], tuple[DictConfig, DictConfig, _Composed]] = {}
        self._hydra_set_for: tuple[str, ...] | None = None

    def _picks_files(self, o: Override) -> bool:
        if o.is_hydra_override():
            return True
        return (not isinstance(o.value(), dict)
                and self.hydra.config_loader.repository.group_exists(o.key_or_group))

    def _base(self, key: tuple[str, ...]) -> tuple[DictConfig, DictConfig, _Composed]:
        if key not in self._bases:
            try:
                cfg = self.hydra.compose_config(self.config_name, list(key), run_mode=RunMode.RUN,
                                                with_log_configuration=False)
                job = copy.deepcopy(cfg)  # without the hydra section, as the job will see it
                with read_write(job), open_dict(job):
                    del job["hydra"]
                hydra_node = OmegaConf.to_container(cfg.hydra, resolve=False)
            except ConfigError:
                raise
            except Exception as err:
                raise compose_error(err, list(key)) from None
            _check_hydra_factories(hydra_node, "hydra")
            choices = hydra_node.get("runtime", {}).get("choices", {})
            params = (hydra_node.get("sweeper") or {}).get("params") or {}
            info = _Composed(
                sweeper=str(choices.get("hydra/sweeper")),
                multirun=str(hydra_node.get("mode")) == "MULTIRUN",
                sweep_params=({str(k): str(v) for k, v in params.items()}
                              if isinstance(params, dict) else {}),
            )
            self._bases[key] = (cfg, job, info)
        return self._bases[key]

    def check(self, combo: list[str]) -> _Composed:
        """Compose one plain override list and validate the run parameters."""
        try:
            parsed = self.parser.parse_overrides(combo)
        except Exception as err:
            raise compose_error(err, combo) from None
        files = tuple(o.input_line for o in parsed if self._picks_files(o))
        values = [o for o in parsed if not self._picks_files(o)]
        cfg, base, info = self._base(files)
        try:
            if self._hydra_set_for != files:
                HydraConfig.instance().set_config(cfg)  # for ${hydra:...} interpolations
                self._hydra_set_for = files
            job = copy.deepcopy(base)
            ConfigLoaderImpl._apply_overrides_to_config(values, job)
            container = OmegaConf.to_container(job, resolve=True)
        except Exception as err:
            raise compose_error(err, combo) from None
        params_from_config(container)
        return info


def _check_hydra_factories(node: Any, path: str) -> None:
    """Hydra builds its launcher, sweeper, callbacks and log handlers from ``_target_``,
    ``()`` and ``class`` keys.

    Only Hydra's own classes, installed Hydra plugins, Optuna samplers and
    ``logging`` handlers may be named there, so a config file cannot make Hydra
    call an arbitrary function (a best-effort guard, not a sandbox). (The run
    parameters themselves are plain data: nothing in ``sim`` instantiates objects
    from a config.)
    """
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}"
            if key in ("_target_", "()", "class") and not _allowed_factory(value):
                raise ConfigError(where, value, "not an allowed factory; only Hydra's own classes "
                                  f"and plugins ({', '.join(ALLOWED_FACTORY_PREFIXES)}) may be named")
            _check_hydra_factories(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_hydra_factories(value, f"{path}[{i}]")


def _allowed_factory(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith(ALLOWED_FACTORY_PREFIXES)
            and not value.startswith("logging.config"))


def _check_intervals(args: Sequence[str], sweeper: str) -> None:
    """``interval(a,b)`` is for optimising sweepers; Hydra's basic sweeper cannot enumerate it."""
    if sweeper != "basic":
        return
    parser = OverridesParser.create()
    for arg in args:
        if arg.startswith("hydra") or "interval(" not in arg:
            continue
        if isinstance(parser.parse_override(arg).value(), IntervalSweep):
            key, _, value = arg.partition("=")
            raise ConfigError(key.lstrip("+~"), value,
                              "interval() needs an optimising sweeper (e.g. hydra/sweeper=optuna); "
                              "the basic sweeper takes a,b,c or range(start,stop)")


def check_command_line(args: Sequence[str], config_dir: str) -> None:
    """Raise ConfigError (one line) if the overrides cannot make a valid run.

    Args:
        args: the command line after the program name.
        config_dir: the primary config folder given to ``@hydra.main``.
    """
    ns = _parse_args(args)
    if (ns.help or ns.hydra_help or ns.cfg or ns.info or ns.shell_completion
            or ns.experimental_rerun):
        return  # Hydra prints something and runs nothing
    overrides = list(ns.overrides)
    with _hydra_session(config_dir, ns) as hydra:
        groups = _groups(hydra)
        _check_groups(overrides, groups)
        checker = _Checker(hydra, ns.config_name or "config")
        combos = _expand(overrides, groups)
        first = checker.check(combos[0])
        multirun = ns.multirun or first.multirun
        sweep = _has_sweep(overrides)
        if not multirun and sweep is not None:
            key, _, value = sweep.partition("=")
            raise ConfigError(key.lstrip("+~"), value,
                              "several values need -m (multirun); a list is written [a,b]")
        if multirun and first.sweep_params:
            # The sweeper also sweeps hydra.sweeper.params of the config (command line wins).
            given = {a.lstrip("+~").partition("=")[0] for a in overrides}
            extra = [f"{k}={v}" for k, v in first.sweep_params.items() if k not in given]
            _check_groups(extra, groups)
            overrides = [*extra, *overrides]
            combos = _expand(overrides, groups)
        if multirun:
            _check_intervals(overrides, first.sweeper)
        for combo in combos:
            checker.check(combo)
