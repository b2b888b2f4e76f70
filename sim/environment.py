"""The environment variables that switch vcsim's speed-ups, each declared once with its values.

None of them changes an output: each switches an exact speed-up on or off, so a run can be
compared byte for byte with the plain computation (see the README's guarantees), or the
size guard (:mod:`sim.estimate`) that refuses runs too big for the machine.
``VCSIM_CACHE_DIR`` (a folder for the warm-up cache) is free-form and not listed here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from sim.errors import ConfigError

__all__ = ["SWITCHES", "Switch", "check_environment", "exit_on_bad_environment", "setting"]


@dataclass(frozen=True)
class Switch:
    """One environment variable: its allowed values (the first is the default) and its use."""

    values: tuple[str, ...]
    meaning: str


SWITCHES: dict[str, Switch] = {
    "VCSIM_KERNELS": Switch(("auto", "always", "never"),
                            "the compiled adult step: for large populations, always, or never"),
    "VCSIM_WARMUP_CACHE": Switch(("disk", "memory", "0"),
                                 "keep mosquito warm-ups in memory and on disk, in memory only, or never"),
    "VCSIM_SWEEP_COMPOSE_CACHE": Switch(("1", "0"),
                                        "compose a sweep's jobs once per structure (1) or each job (0)"),
    "VCSIM_KEEP_FREED_MEMORY": Switch(("1", "0"),
                                      "keep freed memory in the process: glibc thresholds on (1) or off (0)"),
    "VCSIM_DISTRICT_THREADS": Switch(("auto", "1", "2", "4", "8"),
                                     "threads stepping a district's villages: one per core (one in a "
                                     "pool's worker), or that many"),
    "VCSIM_SIZE_GUARD": Switch(("on", "off"),
                               "refuse a run estimated to exceed this machine's memory or 4 h (on), "
                               "or start it anyway (off)"),
}


def setting(name: str, strict: bool = True) -> str:
    """The value of switch ``name`` (its default when unset).

    Raises:
        ConfigError: the value is not one of the switch's values (``strict``); otherwise the
            default is used, for code that runs while the package is imported and cannot
            report (:func:`check_environment` reports it when a command starts).
    """
    switch = SWITCHES[name]
    value = os.environ.get(name, switch.values[0])
    if value not in switch.values:
        if not strict:
            return switch.values[0]
        raise ConfigError(name, value, f"allowed values are {', '.join(switch.values)} ({switch.meaning})")
    return value


def check_environment() -> None:
    """Refuse a bad value of any switch before a command does anything."""
    for name in SWITCHES:
        setting(name)


def exit_on_bad_environment() -> None:
    """For programs: a bad switch ends the program with one line on stderr and exit status 2."""
    try:
        check_environment()
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(2) from None
