"""Declared bounds: a parameter's allowed values live next to its default, checked by one validator.

A field is declared once, with its default, unit (in its name), bounds and
source (in the class docstring)::

    idle_fraction: float = param(0.1, low=0, high=1)
    engine: str = param("arrays", choices=("arrays", "agents"))
    seed_days: tuple[int, ...] = param((0,), low=0, high=100_000)   # bounds apply to each item

:func:`validate` checks every declared bound of a dataclass instance (numbers,
whole numbers, names, and the items of lists and the values of mappings) and
raises :class:`~sim.errors.ConfigError` naming the field. The planner, the
animation and the page read the same bounds with :func:`bounds_of`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.errors import ConfigError

__all__ = ["LABEL_RULE", "Bounds", "bounds_at", "bounds_of", "check_choice", "check_int", "check_label",
           "check_range", "label", "param", "probability", "ui_range", "validate"]

#: A name that may become part of a file or folder name (run folders, report files):
#: a letter or digit, then letters, digits, ``_``, ``-`` or ``.``; at most 64 characters.
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
LABEL_RULE = "must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit"

_NO_DEFAULT: Any = dataclasses.MISSING


@dataclass(frozen=True)
class Bounds:
    """Allowed values of a field (of each item or value for lists and mappings).

    Attributes:
        low, high: closed range (None: unbounded); ``low_open`` excludes ``low``.
        choices: allowed names of a text field.
        is_label: a text field that names a file or folder (see :func:`check_label`).
        ui_high: upper end of a slider or entry on the page (None: ``high``).
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] | None = None
    ui_high: float | None = None
    is_label: bool = False


def param(default: Any = _NO_DEFAULT, *, factory: Any = None, low: float | None = None,
          high: float | None = None, low_open: bool = False, choices: Iterable[str] | None = None,
          ui_high: float | None = None) -> Any:
    """A dataclass field with declared bounds (``factory`` for mutable defaults)."""
    bounds = Bounds(low, high, low_open, tuple(choices) if choices is not None else None, ui_high)
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata={"bounds": bounds})
    return dataclasses.field(default=default, metadata={"bounds": bounds})


def label(default: str) -> Any:
    """A text field naming a preset, used in run-folder and file names (:data:`LABEL_RULE`)."""
    return dataclasses.field(default=default, metadata={"bounds": Bounds(is_label=True)})


def probability(default: Any = _NO_DEFAULT) -> Any:
    """A field holding a probability (or share) in [0, 1]."""
    return param(default, low=0.0, high=1.0)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def bounds_of(cls: type, name: str) -> Bounds:
    """The declared bounds of field ``name`` of dataclass ``cls`` (empty if none)."""
    for f in dataclasses.fields(cls):
        if f.name == name:
            return f.metadata.get("bounds", Bounds())
    raise KeyError(f"{cls.__name__} has no field {name!r}")


def bounds_at(cls: type, path: Sequence[str]) -> Bounds:
    """The declared bounds of the field at ``path`` below dataclass ``cls``
    (``bounds_at(StrategyParams, ("targeting", "core_radius_m"))``)."""
    *parents, name = path
    for key in parents:
        cls = _hints(cls)[key]
    return bounds_of(cls, name)


def ui_range(bounds: Bounds) -> tuple[float, float]:
    """``(low, high)`` of a page control for a field: its declared range, capped at ``ui_high``."""
    high = bounds.ui_high if bounds.ui_high is not None else bounds.high
    if bounds.low is None or high is None:
        raise ValueError(f"a page control needs a bounded field, got {bounds}")
    return bounds.low, high


def _scalar_type(hint: Any) -> Any:
    """``int``, ``float``, ``str``... of a hint, looking through Optional, lists and mappings."""
    origin = typing.get_origin(hint)
    args = [a for a in typing.get_args(hint) if a is not type(None) and a is not Ellipsis]
    if origin in (typing.Union, types.UnionType):
        return _scalar_type(args[0])
    if origin in (tuple, list):
        return _scalar_type(args[0]) if args else Any
    if origin in (dict, Mapping):
        return _scalar_type(args[-1]) if args else Any
    return hint


def _check_one(key: str, value: Any, kind: Any, b: Bounds) -> None:
    if value is None:
        return
    if b.is_label:
        check_label(key, value)
    elif b.choices is not None:
        check_choice(key, value, b.choices)
    elif kind is int:
        check_int(key, value, b.low, b.high)
    elif kind is float:
        check_range(key, value, b.low, b.high, low_open=b.low_open)


def validate(obj: Any) -> None:
    """Check every declared bound of dataclass instance ``obj``; raise ConfigError on the first miss."""
    hints = _hints(type(obj))
    for f in dataclasses.fields(obj):
        b = f.metadata.get("bounds")
        if b is None:
            continue
        value = getattr(obj, f.name)
        kind = _scalar_type(hints[f.name])
        if isinstance(value, Mapping):
            for k, v in value.items():
                _check_one(f"{f.name}.{k}", v, kind, b)
        elif isinstance(value, tuple | list):
            for i, v in enumerate(value):
                _check_one(f"{f.name}[{i}]", v, kind, b)
        else:
            _check_one(f.name, value, kind, b)


def check_range(key: str, value: float, low: float | None = None, high: float | None = None, *,
                low_open: bool = False) -> None:
    """Require ``low <= value <= high`` (``low < value`` when ``low_open``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, value, "must be a number")
    if math.isnan(value) or math.isinf(value):
        raise ConfigError(key, value, "must be a finite number")
    lo_ok = low is None or (value > low if low_open else value >= low)
    hi_ok = high is None or value <= high
    if not (lo_ok and hi_ok):
        left = "(" if low_open else "["
        lo = "-inf" if low is None else _bound(low)
        hi = "inf" if high is None else _bound(high)
        raise ConfigError(key, value, f"allowed range {left}{lo}, {hi}]")


def _bound(x: float) -> str:
    """A range bound as written by a person: whole numbers in full, others short."""
    if float(x).is_integer() and abs(x) < 1e19:
        return str(int(x))
    return f"{x:g}"


def check_int(key: str, value: int, low: float | None = 0, high: float | None = None) -> None:
    """Require a whole number in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(key, value, "must be a whole number")
    check_range(key, value, low, high)


def check_label(key: str, value: str) -> None:
    """Require a name that is safe in a file or folder name (no ``/``, no ``..``, not empty)."""
    if not isinstance(value, str) or not _LABEL.fullmatch(value):
        raise ConfigError(key, value, LABEL_RULE)


def check_choice(key: str, value: str, allowed: Iterable[str]) -> None:
    """Require ``value`` to be one of ``allowed``."""
    options = sorted(allowed)
    if value not in options:
        raise ConfigError(key, value, f"unknown name; allowed: {', '.join(options)}")
