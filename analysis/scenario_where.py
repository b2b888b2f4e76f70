"""Where a scenario's teams work: the scenario fields ``targeting`` and ``rings``.

Both map onto ``strategy.targeting`` of the run configuration
(:class:`sim.params.strategy.TargetingParams`); every value is checked there when the
scenario is composed, with the bounds declared next to its default. This module only
names the fields, checks that a value has the right type to be written as an override,
and refuses ``rings`` on a scenario whose targeting draws no rings::

    targeting: ring_then_sweep          # a mode alone, or:
    targeting: {mode: ring, allocation: cases, include_idle_houses: true, sweep_every_days: 14}
    rings:                              # radii (m) and the work each zone receives
      core: {radius_m: 150, every_days: 3, work: [visit, spray], until_breteau_below: 5}
      warning: 400                      # a radius alone keeps the zone's work
      outer: {radius_m: 700, work: [publicity, cleanup]}
      close_after_days: 25

Sources for the defaults (core ~100 m, warning ~300 m, core every 2-3 days until its
Breteau index is below 5, warning weekly, publicity and clean-up outside) are in
:mod:`sim.params.strategy`. The model has no setting that restricts work to some groups
of a village or some villages of a district, so neither does a scenario file.
"""

from __future__ import annotations

import math
import typing
from typing import Any

import yaml

from analysis.scenario_reader import Override, Reader, node_line
from sim.campaign.rings import ZONES
from sim.params.fields import bounds_of
from sim.params.run_params import RunParams
from sim.params.strategy import TargetingParams

__all__ = ["RINGS_FIELDS", "SECTION", "TARGETING_FIELDS", "ZONE_FIELDS", "check_rings_used",
           "rings_overrides", "targeting_overrides"]

#: The configuration section both fields set.
SECTION = "strategy.targeting"
#: ``targeting:`` fields -> keys of ``strategy.targeting``.
TARGETING_FIELDS: dict[str, str] = {"mode": "mode", "allocation": "allocation",
                                    "include_idle_houses": "include_idle_houses",
                                    "sweep_every_days": "sweep_revisit_days",
                                    "case_window_days": "case_window_days"}
#: A zone's fields (``rings.core: {...}``) -> keys of ``strategy.targeting`` (``{zone}``: its name).
ZONE_FIELDS: dict[str, str] = {"radius_m": "{zone}_radius_m", "every_days": "{zone}_revisit_days",
                               "work": "{zone}_work"}
#: Fields only the core zone has.
CORE_FIELDS: dict[str, str] = {"until_breteau_below": "core_breteau_target"}
#: ``rings:`` fields besides the zones.
RINGS_FIELDS: dict[str, str] = {"close_after_days": "ring_expiry_days"}


def targeting_overrides(r: Reader, node: yaml.Node, key: str) -> list[Override]:
    """``targeting: MODE`` or ``targeting: {<TARGETING_FIELDS>}`` as overrides."""
    where = f"{key}.targeting"
    if isinstance(node, yaml.ScalarNode):
        return [_override(r, node, where, "mode")]
    fields = r.mapping(node, where, tuple(TARGETING_FIELDS))
    return [_override(r, v, f"{where}.{name}", TARGETING_FIELDS[name]) for name, (_, v) in fields.items()]


def rings_overrides(r: Reader, node: yaml.Node, key: str) -> list[Override]:
    """``rings: {core: ..., warning: ..., outer: ..., close_after_days: ...}`` as overrides;
    a zone is a radius (m) or a section of :data:`ZONE_FIELDS`."""
    where = f"{key}.rings"
    fields = r.mapping(node, where, (*ZONES, *RINGS_FIELDS))
    out = []
    for name, (_, value) in fields.items():
        if name in RINGS_FIELDS:
            out.append(_override(r, value, f"{where}.{name}", RINGS_FIELDS[name]))
            continue
        allowed = {**ZONE_FIELDS, **(CORE_FIELDS if name == "core" else {})}
        if isinstance(value, yaml.ScalarNode):  # a radius alone
            out.append(_override(r, value, f"{where}.{name}", ZONE_FIELDS["radius_m"].format(zone=name)))
            continue
        zone = r.mapping(value, f"{where}.{name}", tuple(allowed))
        out += [_override(r, v, f"{where}.{name}.{f}", allowed[f].format(zone=name))
                for f, (_, v) in zone.items()]
    return out


def check_rings_used(r: Reader, rings: tuple[Any, Any] | None, key: str, params: RunParams) -> None:
    """Refuse ``rings`` when the scenario's targeting mode draws no rings (they would do nothing)."""
    targeting = params.strategy.targeting
    if rings is not None and not targeting.uses_rings:
        r.fail(rings[0], f"{key}.rings", None, f"the scenario's targeting mode is '{targeting.mode}', which "
               "draws no rings; set targeting: ring or ring_then_sweep, or leave rings out", missing=True)


def _override(r: Reader, node: yaml.Node, field: str, name: str) -> Override:
    """``strategy.targeting.<name>=<value>`` for a value of the declared type (bounds are
    checked when the scenario is composed)."""
    return Override(f"{SECTION}.{name}={_text(r, node, field, name)}", field, r.value(node), node_line(node))


def _text(r: Reader, node: yaml.Node, field: str, name: str) -> str:
    hint = typing.get_type_hints(TargetingParams)[name]
    choices = bounds_of(TargetingParams, name).choices
    v = r.value(node)
    if hint is str and choices is not None:
        return r.text(node, field, list(choices))
    if hint is bool:
        if not isinstance(v, bool):
            r.fail(node, field, v, "must be true or false")
        return "true" if v else "false"
    if hint in (int, float):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            r.fail(node, field, v, "must be a number" if hint is float else "must be a whole number")
        return repr(v)
    # A list of kinds of work (``core_work``); [] for none.
    allowed = list(choices or ())
    if not isinstance(node, yaml.SequenceNode):
        r.fail(node, field, v, f"must be a list of: {', '.join(allowed)} ([] for none)")
    return "[" + ",".join(r.text(item, field, allowed) for item in node.value) + "]"
