"""Build frozen parameter dataclasses from plain nested mappings (e.g. parsed YAML).

Unknown keys are errors (a typo must not be silently ignored), missing keys
fall back to the dataclass default, and every error carries the dotted path of
the offending key.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from sim.errors import ConfigError

__all__ = ["from_mapping", "to_mapping"]

T = TypeVar("T")


def from_mapping(cls: type[T], data: Mapping[str, Any] | None, path: str = "") -> T:
    """Construct dataclass ``cls`` from ``data``, recursing into nested dataclasses.

    Args:
        cls: a (frozen) dataclass type.
        data: mapping of field name to value; ``None`` means all defaults.
        path: dotted prefix used in error messages.

    Raises:
        ConfigError: naming the full key for unknown keys, wrong types or
            values outside a field's allowed range.
    """
    data = dict(data or {})
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    hints = typing.get_type_hints(cls)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        key = _join(path, unknown[0])
        raise ConfigError(key, data[unknown[0]], f"unknown key; allowed: {', '.join(sorted(fields))}")
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        kwargs[name] = _convert(hints[name], value, _join(path, name))
    for name, field in fields.items():
        no_default = (
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )
        if no_default and name not in kwargs:
            raise ConfigError.missing(_join(path, name))
    try:
        return cls(**kwargs)
    except ConfigError as err:
        raise err.with_prefix(path) if path else err from None


def to_mapping(obj: Any) -> Any:
    """Turn a dataclass tree back into plain dicts/lists (for JSON and logs)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_mapping(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {k: to_mapping(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_mapping(v) for v in obj]
    return obj


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _convert(hint: Any, value: Any, key: str) -> Any:
    """Coerce ``value`` to the annotated type ``hint`` or raise ConfigError."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value, key)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, Mapping):
            raise ConfigError(key, value, "must be a section (mapping)")
        return from_mapping(hint, value, key)
    if origin is tuple:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ConfigError(key, value, "must be a list")
        item = args[0] if args else Any
        return tuple(_convert(item, v, f"{key}[{i}]") for i, v in enumerate(value))
    if origin in (dict, Mapping) or hint is dict:
        if not isinstance(value, Mapping):
            raise ConfigError(key, value, "must be a section (mapping)")
        vtype = args[1] if len(args) == 2 else Any
        return {str(k): _convert(vtype, v, f"{key}.{k}") for k, v in value.items()}
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(key, value, "must be a number")
        return float(value)
    if hint is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(key, value, "must be a whole number")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, value, "must be true or false")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(key, value, "must be a text value")
        return value
    return value
