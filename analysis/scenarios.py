"""Planner scenario files: parse, validate with line numbers, translate to overrides.

A scenario file is a short YAML document a district planner can edit without
knowing Hydra (see ``experiments/planning/*.yaml``)::

    title: Which campaign preset buys the most?
    village: default          # preset name, or sizes: {preset: small, households: 800}
    district: none            # or a preset (demo, shunde), or {preset: shunde, scale: 0.05,
                              #   echelon_per_day: 1200, allocation: cases, trigger_scope: district,
                              #   medics: town}
    disease: chikungunya
    days: 180
    start_date: 2025-06-16    # calendar date of day 0 (season.start_date; default: the configured one)
    replicates: 5             # seeds first_seed .. first_seed + replicates - 1
    scenarios:
      - name: week_of_cadres
        strategy: full_cadre  # a preset of configs/strategy
        staffing: {cadre: 60, grid_worker: 12, medic: 8}   # people per role, or a preset name
        team: cadre_pair      # house-visit team shapes: a name, a list, or inline {roles: {...}}
        targeting: ring       # where: a targeting mode, or {mode: ..., allocation: ...}
        rings: {core: 150, warning: {radius_m: 400, every_days: 7, work: [visit]}}
        start_day: 20         # call everyone up on this day (default: the preset's trigger);
                              #   or start: 2025-07-06, a date (day 20 of the run)
        training_days: 1      # train first (no field work), then a full deployment of
        deployment_days: 7    # this many days (0: none; default: the preset's)
        echelon_per_day: 600  # a district's daily echelon and its allocation policy
        allocation: cases     #   (pairing, cases, indices), per scenario

``team`` is read by :mod:`analysis.scenario_teams`, ``targeting`` and ``rings`` by
:mod:`analysis.scenario_where`, ``start_date`` and ``start`` by :mod:`analysis.scenario_dates`.
Every scenario becomes ``compose_params`` overrides and is composed (hence fully
validated) before anything runs. A no-campaign ``baseline`` scenario is added
first; the result is a :class:`analysis.scenario_plan.Plan`. Any mistake raises
:class:`analysis.scenario_reader.PlanError` whose text is one line
``FILE:LINE: <key>=<value>: <rule; allowed ...>``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from analysis.scenario_compose import compose_scenario
from analysis.scenario_dates import start_date_override, start_day_of
from analysis.scenario_plan import Plan, Scenario
from analysis.scenario_reader import Override, PlanError, Reader, node_line, read_yaml
from analysis.scenario_teams import team_overrides
from analysis.scenario_where import check_rings_used, rings_overrides, targeting_overrides
from sim.cli.compose import compose_config
from sim.cli.configs import presets
from sim.params.fields import Bounds, bounds_at, bounds_of
from sim.params.run_params import RunParams
from sim.params.strategy import StrategyParams
from sim.params.workforce import StaffingParams

__all__ = ["BASELINE", "load_plan", "presets"]

#: Name of the automatic no-campaign scenario.
BASELINE = "baseline"
TOP_FIELDS = ("title", "village", "district", "disease", "days", "start_date", "replicates", "first_seed",
              "decompose", "scenarios")
SCENARIO_FIELDS = ("name", "strategy", "staffing", "team", "targeting", "rings", "start", "start_day",
                   "training_days", "deployment_days", "echelon_per_day", "allocation", "note")
#: A plan's district fields (top level) and the run parameters they set.
DISTRICT_FIELDS = {"scale": "district.scale", "echelon_per_day": "district.command.echelon_per_day",
                   "allocation": "district.command.allocation",
                   "trigger_scope": "district.command.trigger_scope",
                   "medics": "district.command.medics",
                   "share_away": "district.mobility.share_away"}
#: Staffing fields of a scenario besides the roles of ``configs/roles``.
STAFF_EXTRA = ("cadre_units",)
VILLAGE_SIZES = ("households", "width_cells", "height_cells", "groups_x", "groups_y", "settlements",
                 "idle_fraction", "mean_residents", "construction_sites")
#: Replicates of each scenario a plan may ask for.
REPLICATES = Bounds(1, 1000)
NAME_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def load_plan(path: str | Path) -> Plan:
    """Read, validate and translate a scenario file; nothing is run or written.

    Raises:
        PlanError: the first mistake, as ``FILE:LINE: <key>=<value>: <rule>``.
    """
    file = str(path)
    text, root = read_yaml(path)
    r = Reader(file, text)
    if root is None:
        raise PlanError(file, 1, "scenarios: missing field; the file is empty")
    top = r.mapping(root, "", TOP_FIELDS)
    title = r.text(top["title"][1], "title") if "title" in top else Path(file).stem.replace("_", " ")
    defaults = compose_config([])
    days = r.whole(top["days"][1], "days", bounds_of(RunParams, "days")) if "days" in top \
        else int(defaults["days"])
    reps = r.whole(top["replicates"][1], "replicates", REPLICATES) if "replicates" in top else 5
    first = r.whole(top["first_seed"][1], "first_seed", bounds_of(RunParams, "seed")) \
        if "first_seed" in top else 0
    decompose = r.value(top["decompose"][1]) if "decompose" in top else False
    if not isinstance(decompose, bool):
        r.fail(top["decompose"][1], "decompose", decompose, "must be true or false")
    shared, village = _village(r, top.get("village"))
    shared += _district(r, top.get("district"))
    disease = r.text(top["disease"][1], "disease", presets("disease")) if "disease" in top \
        else str(defaults["disease"]["name"])
    line_of = {k: node_line(kv[1]) for k, kv in top.items()}
    shared += [Override(f"disease={disease}", "disease", disease, line_of.get("disease", 1)),
               Override(f"days={days}", "days", days, line_of.get("days", 1)),
               Override(f"seed={first}", "first_seed", first, line_of.get("first_seed", 1))]
    if "start_date" in top:
        shared.append(start_date_override(r, top["start_date"][1]))
    if "scenarios" not in top:
        r.fail(1, "scenarios", None, "missing field; list the scenarios to compare", missing=True)
    node = top["scenarios"][1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        r.fail(node, "scenarios", r.value(node), "must be a list of scenarios (each starting with '- name:')")
    base_ovr = [*shared, Override("strategy=baseline", "baseline", BASELINE, 1)]
    params, config = compose_scenario(r, base_ovr)
    base = Scenario(BASELINE, BASELINE, tuple(o.override for o in base_ovr), params, family="",
                    note="no campaign (added automatically)", config=config)
    seen: dict[str, int] = {}
    when = (params.season.start, days)  # day 0's date and the days of the run
    scenarios = [base, *(_scenario(r, item, i + 1, shared, when, seen) for i, item in enumerate(node.value))]
    return Plan(file, text, title, village, disease, days, tuple(range(first, first + reps)),
                tuple(_families(scenarios)), decompose=decompose)


def _village(r: Reader, kv: tuple[Any, Any] | None) -> tuple[list[Override], str]:
    if kv is None:
        return [Override("village=default", "village", "default", 1)], "default"
    node = kv[1]
    allowed = presets("village")
    if isinstance(node, yaml.ScalarNode):
        name = r.text(node, "village", allowed)
        return [Override(f"village={name}", "village", name, node_line(node))], name
    fields = r.mapping(node, "village", ("preset", *VILLAGE_SIZES))
    name = r.text(fields["preset"][1], "village.preset", allowed) if "preset" in fields else "default"
    line = node_line(fields["preset"][1]) if "preset" in fields else node_line(node)
    out = [Override(f"village={name}", "village.preset", name, line)]
    for key in VILLAGE_SIZES:
        if key in fields:
            v = r.value(fields[key][1])
            if isinstance(v, bool) or not isinstance(v, int | float):
                r.fail(fields[key][1], f"village.{key}", v, "must be a number")
            out.append(Override(f"village.{key}={v}", f"village.{key}", v, node_line(fields[key][1])))
    return out, name


def _district(r: Reader, kv: tuple[Any, Any] | None) -> list[Override]:
    """The plan's district: a preset name, or ``{preset: ..., <DISTRICT_FIELDS>}`` (checked when composed)."""
    if kv is None:
        return []
    node = kv[1]
    allowed = presets("district")
    if isinstance(node, yaml.ScalarNode):
        name = r.text(node, "district", allowed)
        return [Override(f"district={name}", "district", name, node_line(node))]
    fields = r.mapping(node, "district", ("preset", *DISTRICT_FIELDS))
    if "preset" not in fields:
        r.fail(node, "district.preset", None, f"missing field; allowed: {', '.join(allowed)}", missing=True)
    name = r.text(fields["preset"][1], "district.preset", allowed)
    out = [Override(f"district={name}", "district.preset", name, node_line(fields["preset"][1]))]
    for key, target in DISTRICT_FIELDS.items():
        if key in fields:
            v = r.value(fields[key][1])
            out.append(Override(f"{target}={v}", f"district.{key}", v, node_line(fields[key][1])))
    return out


def _scenario(r: Reader, node: yaml.Node, index: int, shared: list[Override], when: tuple[dt.date, int],
              seen: dict[str, int]) -> Scenario:
    peek = [v.value for k, v in getattr(node, "value", ()) if isinstance(k, yaml.ScalarNode)
            and k.value == "name" and isinstance(v, yaml.ScalarNode) and NAME_RULE.match(v.value)]
    where = f"scenarios.{peek[0]}" if peek and isinstance(node, yaml.MappingNode) else f"scenarios[{index}]"
    fields = r.mapping(node, where, SCENARIO_FIELDS)
    line = node_line(node)
    if "name" not in fields:
        r.fail(line, f"{where}.name", None, "missing field; every scenario needs a name", missing=True)
    name_node = fields["name"][1]
    name = r.value(name_node)
    if not isinstance(name, str) or not NAME_RULE.match(name):
        r.fail(name_node, f"{where}.name", name,
               "must be 1-40 letters, digits, '_', '-' or '.', starting with a letter or digit")
    key = f"scenarios.{name}"
    if name == BASELINE:
        r.fail(name_node, f"{key}.name", name, "reserved: the no-campaign baseline is added automatically")
    if name in seen:
        r.fail(name_node, f"{key}.name", name, f"duplicate scenario name (first on line {seen[name]}); "
               "names must be unique")
    seen[name] = node_line(name_node)
    if "strategy" not in fields:
        r.fail(line, f"{key}.strategy", None,
               f"missing field; allowed presets: {', '.join(presets('strategy'))}", missing=True)
    s_node = fields["strategy"][1]
    strategy = r.text(s_node, f"{key}.strategy", presets("strategy"))
    ovr = [Override(f"strategy={strategy}", f"{key}.strategy", strategy, node_line(s_node))]
    ovr += _staffing(r, fields.get("staffing"), key)
    family: dict[str, Any] = {"strategy": strategy}

    def add(field_name: str, override: str, value: Any) -> None:
        ovr.append(Override(override, f"{key}.{field_name}", value, node_line(fields[field_name][1])))

    if "team" in fields:
        team_ovr, family["team"] = team_overrides(r, fields["team"][1], key, strategy, name)
        ovr += team_ovr
    if "targeting" in fields:
        ovr += targeting_overrides(r, fields["targeting"][1], key)
        family["targeting"] = r.value(fields["targeting"][1])
    if "rings" in fields:
        ovr += rings_overrides(r, fields["rings"][1], key)
        family["rings"] = r.value(fields["rings"][1])
    if "training_days" in fields:
        family["training_days"] = n = r.whole(fields["training_days"][1], f"{key}.training_days",
                                              bounds_at(StrategyParams, ("workforce", "training_days")))
        add("training_days", f"strategy.workforce.training_days={n}", n)
    day0, days = when
    if "start" in fields and "start_day" in fields:
        r.fail(fields["start"][0], f"{key}.start", r.value(fields["start"][1]),
               f"give either start (a date) or start_day (a day number; line "
               f"{node_line(fields['start_day'][0])}), not both")
    for field_name in ("start", "start_day"):
        if field_name not in fields:
            continue
        if field_name == "start":
            n = start_day_of(r, fields["start"][1], f"{key}.start", day0, days)
        else:
            rule = f"must be a whole number from 0 to {days - 1} (a day of the run; days={days})"
            n = r.whole(fields["start_day"][1], f"{key}.start_day", Bounds(0, days - 1), rule)
        family["start_day"] = n
        # The planner's timeline: called up on start_day, full deployment right after training.
        for o in ("strategy.trigger.mode=day", f"strategy.trigger.day={n}",
                  "strategy.trigger.mobilisation_delay_days=0",
                  "strategy.deployment.start_after_wartime_days=${strategy.workforce.training_days}"):
            add(field_name, o, n)
    if "deployment_days" in fields:
        duration = bounds_at(StrategyParams, ("deployment", "duration_days"))
        n = r.whole(fields["deployment_days"][1], f"{key}.deployment_days", Bounds(0, duration.high))
        family["deployment_days"] = n
        add("deployment_days", f"strategy.deployment.enabled={'true' if n else 'false'}", n)
        if n:
            add("deployment_days", f"strategy.deployment.duration_days={n}", n)
    for field_name in ("echelon_per_day", "allocation"):  # a district's command, checked when composed
        if field_name in fields:
            family[field_name] = v = r.value(fields[field_name][1])
            add(field_name, f"{DISTRICT_FIELDS[field_name]}={v}", v)
    note = r.text(fields["note"][1], f"{key}.note") if "note" in fields else ""
    params, config = compose_scenario(r, [*shared, *ovr], scenario_line=line, scenario=key)
    check_rings_used(r, fields.get("rings"), key, params)
    return Scenario(name, strategy, tuple(o.override for o in [*shared, *ovr] if o.applied), params,
                    json.dumps(family, sort_keys=True, default=str), note, line, config)


def _staffing(r: Reader, kv: tuple[Any, Any] | None, key: str) -> list[Override]:
    if kv is None:
        return []
    node = kv[1]
    if isinstance(node, yaml.ScalarNode):
        name = r.text(node, f"{key}.staffing", presets("staffing"))
        return [Override(f"staffing={name}", f"{key}.staffing", name, node_line(node))]
    roles = tuple(compose_config([])["roles"])
    fields = r.mapping(node, f"{key}.staffing", (*roles, *STAFF_EXTRA))
    out = []
    for name, (_, v_node) in fields.items():
        bounds = bounds_of(StaffingParams, name if name in STAFF_EXTRA else "pool")
        low, high = int(bounds.low or 0), int(bounds.high or 0)
        v = r.whole(v_node, f"{key}.staffing.{name}", bounds,
                    rule=f"must be a whole number of people from {low} to {high}")
        target = f"staffing.{name}={v}" if name in STAFF_EXTRA else f"++staffing.pool.{name}={v}"
        out.append(Override(target, f"{key}.staffing.{name}", v, node_line(v_node)))
    return out


def _families(scenarios: list[Scenario]) -> list[Scenario]:
    """Keep ``family`` only where two or more scenarios differ only in staffing."""
    counts: dict[str, int] = {}
    for s in scenarios[1:]:
        counts[s.family] = counts.get(s.family, 0) + 1
    return [s if s.name != BASELINE and counts.get(s.family, 0) >= 2 else dataclasses.replace(s, family="")
            for s in scenarios]
