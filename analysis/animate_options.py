"""The command line of ``python -m analysis.animate``: animation options and run overrides.

Every argument of the form ``key=value`` is a run override except the animation options
(:data:`OPTION_KEYS`), which may also be given as ``--out DIR``, ``--fps N``, ``--every N``,
``--steps-per-day N``, ``--frame DAY[:STEP]``, ``--days N`` (the run's ``days``) and
``--gif-width PX``. Bad input raises a one-line :class:`~sim.errors.ConfigError`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sim.errors import ConfigError
from sim.params.fields import param, validate

__all__ = ["INT_OPTIONS", "OPTION_KEYS", "AnimationOptions", "parse_args", "parse_frame"]

OPTION_KEYS = ("out", "fps", "every", "compare", "gif_width", "steps_per_day", "frame")
#: The whole-number options (their bounds are declared on :class:`AnimationOptions`).
INT_OPTIONS = ("fps", "every", "gif_width", "steps_per_day")


@dataclass
class AnimationOptions:
    """What to animate and how.

    Attributes:
        overrides: run overrides (``village=small``, ``seed=1`` ...).
        out: output folder (None: ``outputs/animations/<name>``).
        fps: frames per second of the video and the GIF.
        every: days simulated per drawn day (each drawn day gets ``steps_per_day`` frames).
        compare: two strategy names to draw side by side, or empty.
        gif_width: width of the GIF in pixels (the video keeps the full size).
        steps_per_day: frames per drawn day, the teams walking their routes (1: one frame
            at the end of each day).
        frame: ``(day, step)`` to write that one frame as PNG instead of the video (step
            1..``steps_per_day``), or None.
    """

    overrides: list[str] = field(default_factory=list)
    out: Path | None = None
    fps: int = param(12, low=1, high=60)
    every: int = param(1, low=1, high=365)
    compare: tuple[str, ...] = ()
    gif_width: int = param(800, low=160, high=1920)
    steps_per_day: int = param(4, low=1, high=24)
    frame: tuple[int, int] | None = None


def parse_frame(value: str, steps_per_day: int) -> tuple[int, int]:
    """``DAY`` or ``DAY:STEP`` as ``(day, step)`` (step by default the day's last, its end).

    Raises:
        ConfigError: for a malformed value or a step outside ``1..steps_per_day``.
    """
    day_text, sep, step_text = value.partition(":")
    try:
        day = int(day_text)
        step = int(step_text) if sep else steps_per_day
    except ValueError:
        raise ConfigError("frame", value, "must be DAY or DAY:STEP, e.g. 30 or 30:2") from None
    if day < 1:
        raise ConfigError("frame", value, "the day must be at least 1")
    if not 1 <= step <= steps_per_day:
        raise ConfigError("frame", value, f"the step must be between 1 and steps_per_day ({steps_per_day})")
    return day, step


def _whole_number(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(name, value, "must be a whole number") from None


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one-line ConfigErrors (exit 2 via ``main``)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ConfigError.missing("command line", message)


def parse_args(argv: Sequence[str], description: str | None = None) -> AnimationOptions:
    """Split the command line into animation options and run overrides (``description``:
    the ``--help`` text).

    Raises:
        ConfigError: for a malformed or out-of-range option.
    """
    parser = _Parser(prog="python -m analysis.animate", description=description,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("overrides", nargs="*", help="run overrides and key=value options")
    parser.add_argument("--out", help="output folder")
    parser.add_argument("--fps", help="frames per second (default 12)")
    parser.add_argument("--every", help="days per drawn day (default 1)")
    parser.add_argument("--steps-per-day", dest="steps_per_day",
                        help="frames per drawn day, teams walking their routes (default 4)")
    parser.add_argument("--frame", help="write only this frame as PNG: DAY or DAY:STEP")
    parser.add_argument("--days", help="days to simulate (same as days=N)")
    parser.add_argument("--gif-width", dest="gif_width", help="GIF width in pixels (default 800)")
    parser.add_argument("--compare", help="two strategies side by side, e.g. baseline,ring_zoning")
    ns = parser.parse_intermixed_args(list(argv))
    given = {k: getattr(ns, k) for k in OPTION_KEYS if getattr(ns, k) is not None}
    overrides: list[str] = []
    for arg in ns.overrides:
        key, sep, value = arg.partition("=")
        if sep and key in OPTION_KEYS:
            given[key] = value
        else:
            overrides.append(arg)
    if ns.days is not None:
        overrides = [o for o in overrides if not o.startswith("days=")]
        overrides.append(f"days={ns.days}")  # checked with the run's other parameters
    opts = AnimationOptions(overrides=overrides)
    if "out" in given:
        opts.out = Path(given["out"])
    for key in INT_OPTIONS:
        if key in given:
            setattr(opts, key, _whole_number(key, given[key]))
    validate(opts)
    if "frame" in given:
        opts.frame = parse_frame(given["frame"], opts.steps_per_day)
    if "compare" in given:
        names = tuple(n.strip() for n in given["compare"].split(",") if n.strip())
        if len(names) != 2:
            raise ConfigError("compare", given["compare"], "give two strategies, e.g. baseline,ring_zoning")
        if any(o.startswith("strategy=") for o in overrides):
            raise ConfigError("compare", given["compare"],
                              "give either compare=a,b or strategy=..., not both")
        opts.compare = names
    return opts
