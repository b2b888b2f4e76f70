"""Planner fields for where, which teams and when (issue 18): ``targeting``, ``rings``, ``team``
lists and inline shapes, ``start_date`` and ``start`` reach the composed run configuration,
and wider rings mean more house visits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis.plan import run_plan
from analysis.scenario_plan import schedule
from analysis.scenario_reader import PlanError
from analysis.scenarios import load_plan
from sim.cli.compose import compose_config
from sim.estimate_batch import estimate, run_seconds
from sim.simulate import simulate

REPO = Path(__file__).resolve().parent.parent
HEAD = "village: small\ndays: 40\nreplicates: 1\nscenarios:\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def scenario(tmp_path: Path, body: str, head: str = HEAD):
    """The one scenario ``a`` of a plan (after the baseline)."""
    plan = load_plan(write(tmp_path, head + "  - name: a\n" + body))
    return plan.scenarios[1]


def test_targeting_and_rings_reach_the_strategy(tmp_path: Path) -> None:
    sc = scenario(tmp_path, "    strategy: ring_zoning\n"
                  "    targeting: {mode: ring_then_sweep, allocation: cases, include_idle_houses: true,\n"
                  "                sweep_every_days: 10}\n"
                  "    rings:\n"
                  "      core: {radius_m: 150, every_days: 2, work: [visit], until_breteau_below: 3}\n"
                  "      warning: {radius_m: 420, every_days: 5, work: [visit, spray, supply]}\n"
                  "      outer: {radius_m: 900, work: []}\n"
                  "      close_after_days: 30\n")
    t = sc.params.strategy.targeting
    assert (t.mode, t.allocation, t.include_idle_houses, t.sweep_revisit_days) == ("ring_then_sweep", "cases",
                                                                                   True, 10)
    assert (t.core_radius_m, t.warning_radius_m, t.outer_radius_m) == (150, 420, 900)
    assert (t.core_revisit_days, t.warning_revisit_days) == (2, 5)
    assert (t.core_breteau_target, t.ring_expiry_days) == (3, 30)
    assert (t.core_work, t.warning_work, t.outer_work) == (("visit",), ("visit", "spray", "supply"), ())
    assert sc.config["strategy"]["targeting"]["core_radius_m"] == 150  # what sim.run hashes


def test_a_radius_alone_keeps_the_presets_work_and_a_mode_alone_is_the_mode(tmp_path: Path) -> None:
    preset = compose_config(["strategy=ring_zoning"])["strategy"]["targeting"]
    sc = scenario(tmp_path, "    strategy: ring_zoning\n    targeting: ring_then_sweep\n"
                  "    rings: {warning: 350}\n")
    t = sc.params.strategy.targeting
    assert t.mode == "ring_then_sweep" and t.warning_radius_m == 350
    assert (t.core_radius_m, t.outer_radius_m) == (preset["core_radius_m"], preset["outer_radius_m"])
    assert list(t.warning_work) == preset["warning_work"]
    assert t.warning_revisit_days == preset["warning_revisit_days"]


def test_team_list_and_inline_shape_reach_the_workforce(tmp_path: Path) -> None:
    preset = compose_config(["strategy=ring_zoning"])
    shapes = preset["team_shapes"]
    crews = [t for t in preset["strategy"]["workforce"]["teams"] if shapes[t]["work"] != "visit"]
    listed = scenario(tmp_path, "    strategy: ring_zoning\n    team: [three_person, cadre_pair]\n")
    assert listed.params.strategy.workforce.teams == (*crews, "three_person", "cadre_pair")
    inline = scenario(tmp_path, "    strategy: ring_zoning\n    team:\n"
                      "      - {roles: {grid_worker: 1, volunteer: 2}, hours_per_day: 6, area_mode: hold}\n"
                      "      - cadre_pair\n")
    p = inline.params
    assert p.strategy.workforce.teams == (*crews, "a_team", "cadre_pair")  # named after the scenario
    shape = p.team_shapes["a_team"]
    assert (shape.roles, shape.work, shape.hours_per_day, shape.area_mode) == (
        {"grid_worker": 1, "volunteer": 2}, "visit", 6.0, "hold")
    assert shape.leader_role == "grid_worker"  # the first role listed leads
    named = scenario(tmp_path, "    strategy: full_cadre\n"
                     "    team: {name: duo, roles: {cadre: 1, medic: 1}}\n")
    assert "duo" in named.params.team_shapes and named.params.strategy.workforce.teams[-1] == "duo"
    assert "duo" not in compose_config([])["team_shapes"]  # the shape exists only in this scenario


def test_start_date_and_start_give_the_day(tmp_path: Path) -> None:
    head = HEAD.replace("days: 40", "days: 60\nstart_date: 2025-07-01")
    plan = load_plan(write(tmp_path, head + "  - name: by_date\n    strategy: full_cadre\n"
                           "    start: 2025-07-20\n"
                           "  - name: by_day\n    strategy: full_cadre\n    start_day: 19\n"))
    _, by_date, by_day = plan.scenarios
    assert all(s.params.season.start == dt.date(2025, 7, 1) for s in plan.scenarios)
    trigger = by_date.params.strategy.trigger
    assert (trigger.mode, trigger.day) == ("day", (dt.date(2025, 7, 20) - dt.date(2025, 7, 1)).days)
    # A date and its day number are the same run (sim.run would recognise it).
    assert by_date.config_hash(0) == by_day.config_hash(0) and by_date.family == by_day.family


def test_without_start_date_day_0_is_the_configured_one(tmp_path: Path) -> None:
    day0 = dt.date.fromisoformat(compose_config([])["season"]["start_date"])
    start = day0 + dt.timedelta(days=12)
    sc = scenario(tmp_path, f"    strategy: routine\n    start: {start.isoformat()}\n")
    assert sc.params.season.start == day0 and sc.params.strategy.trigger.day == 12


def test_wider_rings_visit_more_houses(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, HEAD.replace("replicates: 1", "replicates: 1\nfirst_seed: 1")
                           + "  - name: narrow\n    strategy: ring_zoning\n"
                           + "    rings: {core: 50, warning: 100, outer: 150}\n"
                           + "  - name: wide\n    strategy: ring_zoning\n"
                           + "    rings: {core: 200, warning: 500, outer: 700}\n"))
    narrow, wide = (simulate(s.params).summary for s in plan.scenarios[1:])
    assert narrow["wartime_start_day"] == wide["wartime_start_day"] is not None
    assert wide["households_visited"] > narrow["households_visited"]


def test_a_plan_with_the_new_fields_is_estimated_and_runs(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, HEAD.replace("days: 40", "days: 8\nstart_date: 2025-07-01")
                           + "  - name: a\n    strategy: ring_zoning\n    start: 2025-07-02\n"
                           + "    team: {roles: {cadre: 1, grid_worker: 1}}\n    rings: {core: 150}\n"))
    copies, todo = schedule(plan, tmp_path / "out")
    work = estimate([job.params for job in todo], 1)
    assert not copies and work.runs == len(plan.scenarios) * len(plan.seeds)
    assert work.seconds == pytest.approx(sum(run_seconds(s.params) for s in plan.scenarios))
    runs, _ = run_plan(plan, tmp_path / "out", workers=1, scheduled=(copies, todo))
    row = runs.set_index("scenario").loc["a"]
    assert row["team"].endswith("a_team") and row["wartime_start_day"] == 1


def test_the_example_uses_the_new_fields() -> None:
    plan = load_plan(REPO / "experiments" / "planning" / "where_and_when.yaml")
    by = {s.name: s.params for s in plan.scenarios}
    standard, wide = by["rings_standard"].strategy.targeting, by["rings_wide"].strategy.targeting
    assert wide.core_radius_m > standard.core_radius_m and wide.outer_radius_m > standard.outer_radius_m
    assert "cadre_grid_volunteer" in by["rings_wide_trios"].strategy.workforce.teams
    assert by["sweep_whole_village"].strategy.targeting.mode == "sweep"
    assert by["rings_late"].strategy.trigger.day > by["rings_standard"].strategy.trigger.day


ERRORS = [  # (scenario lines after "strategy: ring_zoning", line, message); more in bad_inputs_planner.py
    ("    targeting: {mode: ring, where: north}\n", 7, "scenarios.a.targeting.where='north': unknown field; "
     "allowed: mode, allocation"),
    ("    targeting: {include_idle_houses: maybe}\n", 7,
     "include_idle_houses='maybe': must be true or false"),
    ("    rings: {inner: 50}\n", 7,
     "scenarios.a.rings.inner=50: unknown field; allowed: core, warning, outer"),
    ("    rings: {core: 100, warning: 600, outer: 500}\n", 7,
     "scenarios.a.rings.warning=600: ring radii must increase"),
    ("    rings: {core: {radius_m: -5}}\n", 7, "scenarios.a.rings.core.radius_m=-5: allowed range (0,"),
    ("    rings: {core: {work: [visit, dance]}}\n", 7, "scenarios.a.rings.core.work='dance': unknown work"),
    ("    rings: {core: {work: visit}}\n", 7,
     "scenarios.a.rings.core.work='visit': must be a list of: visit"),
    ("    rings: {warning: {every_days: 3.5}}\n", 7, "rings.warning.every_days=3.5: must be a whole number"),
    ("    rings: {warning: {until_breteau_below: 3}}\n", 7, "until_breteau_below=3: unknown field"),
    ("    targeting: sweep\n    rings: {core: 150}\n", 8,
     "scenarios.a.rings: the scenario's targeting mode is 'sweep', which draws no rings"),
    ("    team: {roles: {cadre: 0, grid_worker: 1}}\n", 7,
     "scenarios.a.team.roles.cadre=0: allowed range [1,"),
    ("    team: {roles: {cadre: two}}\n", 7, "team.roles.cadre='two': must be a whole number of members"),
    ("    team: {roles: {sprayer: 2}}\n", 7,
     "team.roles={'sprayer': 2}: needs a member whose role may 'inspect'"),
    ("    team: {roles: {cadre: 1, leader: 1}}\n", 7,
     "scenarios.a.team='a_team': one team needs 1 cadre, 1 leader"),
    ("    team: {roles: {cadre: 1}, name: cadre_pair}\n", 7, "team.name='cadre_pair': a team shape of "
     "configs/team_shapes has this name"),
    ("    team: {name: x}\n", 7, "scenarios.a.team.roles: missing field"),
    ("    team: [cadre_pair, cadre_pair]\n", 7, "a team shape is listed twice"),
    ("    team: []\n", 7, "scenarios.a.team=[]: must name at least one house-visit team shape"),
    ("    team: {roles: {cadre: 2}, hours_per_day: 30}\n", 7,
     "team.hours_per_day=30: allowed range [0.5, 24]"),
    ("    team: {roles: {cadre: 2}, fallback: nobody}\n", 7, "team.fallback='nobody': unknown fallback"),
    ("    start: next week\n", 7, "scenarios.a.start='next week': must be a date YYYY-MM-DD from"),
]


@pytest.mark.parametrize(("body", "line", "message"), ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_bad_values_of_the_new_fields_name_their_line(tmp_path: Path, body: str, line: int,
                                                      message: str) -> None:
    with pytest.raises(PlanError) as exc:
        scenario(tmp_path, "    strategy: ring_zoning\n" + body)
    assert exc.value.line == line and message in str(exc.value), str(exc.value)


@pytest.mark.parametrize(("value", "message"), [
    ("16 June", "start_date='16 June': must be a date YYYY-MM-DD"),
    ("2025-13-01", "not valid YAML: '2025-13-01' is not a date"),
    ("'2025-02-30'", "start_date='2025-02-30': must be a date YYYY-MM-DD"),  # the run configuration's rule
])
def test_a_bad_start_date_names_its_line(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(PlanError) as exc:
        load_plan(write(tmp_path, f"start_date: {value}\n" + HEAD + "  - name: a\n    strategy: routine\n"))
    assert exc.value.line == 1 and message in str(exc.value), str(exc.value)
