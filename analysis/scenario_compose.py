"""Composing a scenario's overrides, and pointing a configuration error at its line.

Each scenario of a plan is composed exactly as ``python -m sim.run`` composes its overrides
(:func:`sim.cli.compose.compose_config`, then :func:`sim.config.params_from_config`), so
every rule of the run configuration applies. A :class:`~sim.errors.ConfigError` names a
configuration key; :func:`culprit` finds the scenario-file field that set it.
"""

from __future__ import annotations

from typing import Any

from analysis.scenario_reader import Override, Reader
from sim.cli.compose import compose_config
from sim.config import params_from_config
from sim.errors import ConfigError
from sim.params.run_params import RunParams

__all__ = ["compose_scenario", "culprit"]


def compose_scenario(r: Reader, ovr: list[Override], scenario_line: int = 1,
                     scenario: str = "") -> tuple[RunParams, dict[str, Any]]:
    """Compose and validate: ``(params, config)``; a ConfigError points at its line."""
    try:
        config = compose_config([o.override for o in ovr if o.applied])
        return params_from_config(config), config
    except ConfigError as err:
        o = culprit(ovr, err.key)
        if o is not None:
            r.fail(o.line, o.field, o.value, err.rule)
        r.fail(scenario_line, scenario or "plan", None, f"{err}", missing=True)
    raise AssertionError("unreachable")


def culprit(ovr: list[Override], key: str) -> Override | None:
    """The override an error about ``key`` points at: the one setting ``key`` or a section or
    list holding it (the most specific); before a preset choice holding a whole section
    (``strategy=ring_zoning``), one setting a neighbour of ``key`` in its own section
    (``core_radius_m`` for the rule that radii increase, reported at ``warning_radius_m``)."""
    hits = [o for o in ovr if key == o.key or key.startswith((o.key + ".", o.key + "["))]
    best = max(hits, key=lambda h: len(h.key)) if hits else None
    section, _, leaf = key.rpartition(".")
    near = [o for o in ovr if section and o.key.rpartition(".")[0] == section]
    if not near or (best is not None and len(best.key) >= len(section)):
        return best  # a preset choice (``strategy=...``) holds the key but a neighbour is nearer

    def shared_ending(o: Override) -> int:
        other = o.key.rpartition(".")[2]
        return next((i for i in range(min(len(leaf), len(other))) if leaf[-1 - i] != other[-1 - i]),
                    min(len(leaf), len(other)))

    return max(reversed(near), key=shared_ending)
