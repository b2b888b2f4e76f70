"""Which house-visit teams a scenario forms: the scenario field ``team``.

``team`` replaces the strategy's house-visit team shapes in ``strategy.workforce.teams``
(its crews that spray, clean up or do publicity stay). It is one shape of
``configs/team_shapes`` that visits houses, a list of them (formed in that order, each
followed by its fallbacks), or a shape written inline, alone or in the list::

    team: cadre_grid
    team: [three_person, cadre_pair]
    team: [{roles: {cadre: 1, grid_worker: 1, volunteer: 1}, name: trio_v}, cadre_pair]

An inline shape becomes a new ``team_shapes.<name>`` entry of the run configuration
(:class:`sim.params.workforce.TeamShapeParams`): its roles with counts (the first role
leads), and optionally ``name``, ``fallback``, ``area_mode`` and ``hours_per_day``; it
visits houses. Roles are those of ``configs/roles``; counts, hours, the fallback chain
and whether the staff pool can fill a team are checked when the scenario is composed,
and reported on the line of the value at fault.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from analysis.scenario_reader import Override, Reader, node_line
from sim.cli.compose import compose_config
from sim.params.fields import bounds_of
from sim.params.workforce import TeamShapeParams

__all__ = ["INLINE_DEFAULTS", "INLINE_FIELDS", "team_overrides"]

#: Fields of an inline team shape.
INLINE_FIELDS: tuple[str, ...] = ("roles", "name", "fallback", "area_mode", "hours_per_day")
#: What an inline shape leaves out: no fallback, from its leader's home area, the
#: strategy's working hours (``strategy.workforce.hours_per_day``).
INLINE_DEFAULTS: dict[str, Any] = {"fallback": "", "area_mode": "home", "hours_per_day": None}
#: The kind of work of a ``team`` shape.
WORK = "visit"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_NAME_RULE = "must be 1-40 letters, digits or '_', starting with a letter"


def team_overrides(r: Reader, node: yaml.Node, key: str, strategy: str, scenario: str
                   ) -> tuple[list[Override], Any]:
    """The overrides of ``team`` in scenario ``key``, and what the team is (for the family key)."""
    base = compose_config([f"strategy={strategy}"])
    shapes: dict[str, Any] = base["team_shapes"]
    visit = [n for n, sh in shapes.items() if sh["work"] == WORK]
    field = f"{key}.team"
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not items:
        r.fail(node, field, [], f"must name at least one house-visit team shape: {', '.join(visit)}")
    crews = [t for t in base["strategy"]["workforce"]["teams"] if t not in visit]
    names: list[str] = []
    out: list[Override] = []
    described: list[Any] = []
    inline = sum(isinstance(item, yaml.MappingNode) for item in items)
    for item in items:
        if isinstance(item, yaml.MappingNode):
            default = _default_name(scenario, len([d for d in described if isinstance(d, dict)]), inline)
            name, shape_ovr, shape = _inline(r, item, field, default, shapes, list(base["roles"]), names)
            out += shape_ovr
            described.append(shape)
        else:
            name = r.text(item, field, visit)
            described.append(name)
        out.append(Override(f"strategy.workforce.teams[{len(crews) + len(names)}]", field, name,
                            node_line(item), applied=False))
        names.append(name)
    teams = ",".join([*crews, *names])
    out.append(Override(f"strategy.workforce.teams=[{teams}]", field, r.value(node), node_line(node)))
    return out, described[0] if len(described) == 1 else described


def _default_name(scenario: str, index: int, inline: int) -> str:
    """``<scenario>_team`` (``_team1``, ``_team2`` ... when a list has several inline shapes)."""
    stem = re.sub(r"[^A-Za-z0-9_]", "_", scenario)
    stem = stem if stem[:1].isalpha() else f"s_{stem}"
    return f"{stem}_team{index + 1 if inline > 1 else ''}"


def _inline(r: Reader, node: yaml.Node, field: str, default: str, shapes: dict[str, Any], roles: list[str],
            taken: list[str]) -> tuple[str, list[Override], dict[str, Any]]:
    """An inline shape: its name, its overrides (one applied, pointers for errors) and its fields."""
    fields = r.mapping(node, field, INLINE_FIELDS)
    if "roles" not in fields:
        r.fail(node, f"{field}.roles", None, f"missing field; a team's roles with counts, e.g. "
               f"{{cadre: 1, grid_worker: 1}}; roles: {', '.join(roles)}", missing=True)
    name = default
    if "name" in fields:
        name_node = fields["name"][1]
        name = r.text(name_node, f"{field}.name")
        if not _NAME.match(name):
            r.fail(name_node, f"{field}.name", name, _NAME_RULE)
    where = fields["name"][1] if "name" in fields else node
    if name in shapes:
        r.fail(where, f"{field}.name", name, "a team shape of configs/team_shapes has this name: give the "
               "name alone to use it, or another name for a new shape")
    if name in taken:
        r.fail(where, f"{field}.name", name, "two teams of this scenario have this name")
    roles_node = fields["roles"][1]
    counts = _roles(r, roles_node, f"{field}.roles", roles)
    shape: dict[str, Any] = {"roles": counts, "work": WORK, **INLINE_DEFAULTS}
    pointers = [Override(f"team_shapes.{name}.roles.{role}", f"{field}.roles.{role}", n, line, applied=False)
                for role, (n, line) in counts.items()]
    pointers.append(Override(f"team_shapes.{name}.work", f"{field}.roles", r.value(roles_node),
                             node_line(roles_node), applied=False))
    for key in ("fallback", "area_mode", "hours_per_day"):
        if key in fields:
            shape[key] = _field(r, fields[key][1], f"{field}.{key}", key, shapes)
            pointers.append(Override(f"team_shapes.{name}.{key}", f"{field}.{key}", shape[key],
                                     node_line(fields[key][1]), applied=False))
    shape["roles"] = {role: n for role, (n, _) in counts.items()}
    value = ",".join(f"{k}:{_hydra(v)}" for k, v in shape.items())
    applied = Override(f"+team_shapes.{name}={{{value}}}", field, r.value(node), node_line(node))
    return name, [applied, *pointers], shape


def _roles(r: Reader, node: yaml.Node, field: str, roles: list[str]) -> dict[str, tuple[int, int]]:
    """``{role: (members, line)}``; every role one of ``configs/roles``, every count a whole number."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if r.value(k) not in roles:
                r.fail(k, f"{field}.{r.value(k)}", r.value(v), f"unknown role; roles: {', '.join(roles)}")
    fields = r.mapping(node, field, tuple(roles))
    out = {}
    for role, (_, v) in fields.items():
        n = r.value(v)
        if isinstance(n, bool) or not isinstance(n, int):
            r.fail(v, f"{field}.{role}", n, "must be a whole number of members")
        out[role] = (n, node_line(v))
    return out


def _field(r: Reader, node: yaml.Node, field: str, key: str, shapes: dict[str, Any]) -> Any:
    """An optional field of an inline shape, of the type the shape declares."""
    v = r.value(node)
    if key == "fallback":
        return "" if v == "" else r.text(node, field, list(shapes))
    if key == "area_mode":
        return r.text(node, field, list(bounds_of(TeamShapeParams, key).choices or ()))
    if v is not None and (isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v)):
        r.fail(node, field, v, "must be a number of hours, or null for the strategy's")
    return v


def _hydra(v: Any) -> str:
    """A value in Hydra's override syntax."""
    if isinstance(v, dict):
        return "{" + ",".join(f"{k}:{_hydra(x)}" for k, x in v.items()) + "}"
    if v is None:
        return "null"
    if v == "":
        return "''"
    return str(v)
