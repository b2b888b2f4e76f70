"""Small checks used by the parameter dataclasses; each raises ConfigError."""

from __future__ import annotations

import math
from collections.abc import Iterable

from sim.errors import ConfigError

__all__ = ["check_choice", "check_int", "check_probability", "check_range"]


def check_range(
    key: str,
    value: float,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
) -> None:
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


def check_int(key: str, value: int, low: int | None = 0, high: int | None = None) -> None:
    """Require an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(key, value, "must be a whole number")
    check_range(key, value, low, high)


def check_probability(key: str, value: float) -> None:
    """Require a probability in [0, 1]."""
    check_range(key, value, 0.0, 1.0)


def check_choice(key: str, value: str, allowed: Iterable[str]) -> None:
    """Require ``value`` to be one of ``allowed``."""
    options = sorted(allowed)
    if value not in options:
        raise ConfigError(key, value, f"unknown name; allowed: {', '.join(options)}")
