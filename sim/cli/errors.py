"""Turn what Hydra, OmegaConf and YAML raise into one line that names the key.

The exceptions carry the facts (OmegaConf's ``full_key``, the missing config
and its options, the YAML mark); the rule in the message comes from the
parameter declarations (the field's type, the allowed keys of a section), not
from Hydra's English text.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from typing import Any

import yaml
from hydra.errors import ConfigCompositionException, MissingConfigException
from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException, ValidationError

from sim.cli.objective import ObjectiveParams
from sim.errors import ConfigError
from sim.params.run_params import RunParams

__all__ = ["Refused", "declared_type", "to_config_error"]


class Refused(BaseException):
    """Bad input found inside a Hydra hook. Hydra's callbacks turn an ``Exception`` into a
    warning and go on, so the hooks raise this instead; the entry point prints its error."""

    def __init__(self, error: ConfigError) -> None:
        super().__init__(str(error))
        self.error = error

_TYPE_RULES = {int: "must be a whole number", float: "must be a number", bool: "must be true or false",
               str: "must be a text value"}


def _unwrap(hint: Any) -> Any:
    """``X`` of ``X | None``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


def declared_type(key: str) -> Any:
    """The declared type of the parameter at dotted ``key`` (None if there is none)."""
    hint: Any = RunParams
    for part in key.replace("[", ".[").split("."):
        hint = _unwrap(hint)
        if part.startswith("["):  # a list item: the item type
            args = typing.get_args(hint)
            hint = args[0] if args else None
        elif hint is RunParams and part == "objective":
            hint = ObjectiveParams
        elif dataclasses.is_dataclass(hint):
            hints = typing.get_type_hints(hint)
            if part not in hints:
                return None
            hint = hints[part]
        elif typing.get_origin(hint) is dict:
            hint = typing.get_args(hint)[1]
        else:
            return None
    return _unwrap(hint)


def _is_declared(key: str) -> bool:
    """Whether ``key`` is a declared field of the run parameters (not an entry of a mapping)."""
    cls: Any = RunParams
    for part in key.split("."):
        if not dataclasses.is_dataclass(cls):
            return False
        hints = typing.get_type_hints(cls)
        if part not in hints:
            return False
        cls = _unwrap(hints[part])
    return True


def _paths_of(cls: Any, prefix: str = "") -> dict[str, str]:
    """Dotted path of every section class below ``cls``, by class name (each is used once)."""
    out: dict[str, str] = {}
    for name, hint in typing.get_type_hints(cls).items():
        hint = _unwrap(hint)
        if dataclasses.is_dataclass(hint):
            out[hint.__name__] = f"{prefix}{name}"
            out.update(_paths_of(hint, f"{prefix}{name}."))
    return out


def _section_of(message: str) -> str:
    """The section a value that is not a section was merged onto: OmegaConf names only the
    section's class ("... is not a subclass of TriggerParams"), which names one path here."""
    words = message.replace(".", " ").split()
    for i, word in enumerate(words[:-1]):
        if word == "of" and i >= 2 and words[i - 1] == "subclass":
            return _paths_of(RunParams).get(words[i + 1], "")
    return ""


def _type_rule(key: str) -> str:
    hint = declared_type(key)
    if hint is None:
        return "not a valid value"
    if dataclasses.is_dataclass(hint) or typing.get_origin(hint) is dict:
        return "must be a section (mapping)"
    if typing.get_origin(hint) in (tuple, list):
        return "must be a list"
    return _TYPE_RULES.get(hint, "not a valid value")


def _allowed_keys(parent: str) -> list[str]:
    hint = declared_type(parent) if parent else RunParams
    if dataclasses.is_dataclass(hint):
        return sorted(f.name for f in dataclasses.fields(hint))
    return []


def _given(key: str, args: Sequence[str]) -> str:
    """The value last given to ``key`` on the command line ('' if not found)."""
    for arg in reversed(args):
        k, sep, v = arg.lstrip("+~").partition("=")
        if sep and k == key:
            return v
    return ""


def _chain(err: BaseException) -> list[BaseException]:
    out, seen = [], set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        out.append(err)
        err = err.__cause__ or err.__context__
    return out


def to_config_error(err: BaseException, args: Sequence[str] = ()) -> ConfigError:
    """A one-line :class:`ConfigError` for a composition error (``args``: the overrides)."""
    chain = _chain(err)
    for e in chain:
        if isinstance(e, ConfigError):
            return e
    for e in chain:
        if isinstance(e, yaml.MarkedYAMLError) and (e.context_mark or e.problem_mark) is not None:
            # Where the broken construct starts (context), else where the parser stopped.
            mark = e.context_mark or e.problem_mark
            return ConfigError.about(mark.name, f"not valid YAML (line {mark.line + 1}): "
                                                f"{e.context or e.problem or type(e).__name__}")
    for e in chain:
        if isinstance(e, MissingConfigException):
            return _missing_config(e, args)
    for e in chain:
        if isinstance(e, ConfigKeyError | ConfigAttributeError) and e.full_key:
            key = str(e.full_key)
            allowed = _allowed_keys(key.rpartition(".")[0])
            rule = "unknown key" + (f"; allowed: {', '.join(allowed)}" if allowed else "")
            return ConfigError(key, _given(key, args), rule)
        if isinstance(e, ValidationError) and e.full_key:
            key = str(e.full_key)
            value = _given(key, args) or getattr(e, "value", "")
            return ConfigError(key, value, _type_rule(key))
        if isinstance(e, ValidationError) and (key := _section_of(str(e))):
            return ConfigError(key, "", "must be a section (mapping)")
        if isinstance(e, OmegaConfBaseException) and getattr(e, "full_key", None):
            key = str(e.full_key)
            return ConfigError(key, _given(key, args), " ".join(str(e).split()[:30]))
    if isinstance(err, ConfigCompositionException):
        for arg in args:  # '+key=value' for a key every config already has
            key = arg.partition("=")[0]
            if key.startswith("+") and not key.startswith("++") and _is_declared(key[1:]):
                return ConfigError(key[1:], arg.partition("=")[2],
                                   "already in the config; set it without the leading '+'")
    text = " ".join(str(err).split())[:300] or type(err).__name__
    return ConfigError("command line", " ".join(args), text)


def _missing_config(e: MissingConfigException, args: Sequence[str]) -> ConfigError:
    missing = str(e.missing_cfg_file or "")
    group, _, option = missing.rpartition("/")
    if group:
        options = [o for o in (e.options or []) if not o.startswith("_")]
        rule = f"unknown {group}" + (f"; allowed: {', '.join(sorted(options))}" if options else "")
        return ConfigError(group, option, rule)
    return ConfigError("--config-name", missing,
                       "no such config file in the config search path (python -m sim.run --info)")
