"""Planner tool: scenario files, input errors, a tiny plan end to end, the verdict's numbers."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import fmt
from analysis.plan import main, write_planning_report
from analysis.scenario_reader import PlanError
from analysis.scenarios import load_plan
from analysis.verdict import scenario_table, verdict

REPO = Path(__file__).resolve().parent.parent
PLANNING = REPO / "experiments" / "planning"

TINY = """\
title: Tiny plan
village: small
disease: chikungunya
days: 15
replicates: 2
scenarios:
  - name: sweep_week
    strategy: full_cadre
    staffing: {cadre: 20, grid_worker: 4, medic: 2}
    start_day: 2
    training_days: 1
    deployment_days: 5
  - name: rings
    strategy: ring_zoning
    team: three_person
    note: three-person teams in the rings
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_files_parse() -> None:
    files = sorted(PLANNING.glob("*.yaml"))
    assert {f.stem for f in files} >= {"compare_presets", "staffing_levels", "team_composition",
                                       "deploy_now_or_train"}
    for f in files:
        plan = load_plan(f)
        assert plan.names[0] == "baseline" and len(set(plan.names)) == len(plan.names) >= 3
        assert all(s.params.days == plan.days for s in plan.scenarios)
    presets = load_plan(PLANNING / "compare_presets.yaml")
    assert 5 <= len(presets.scenarios) - 1 <= 7 and presets.village == "default" and presets.days == 180
    levels = load_plan(PLANNING / "staffing_levels.yaml")
    assert len({s.family for s in levels.scenarios[1:]}) == 1 and levels.scenarios[1].family


def test_scenario_translates_to_overrides(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, TINY))
    assert plan.seeds == (0, 1) and plan.village == "small"
    base, week, rings = plan.scenarios
    assert base.params.strategy.name == "baseline" and base.params.village.name == "small"
    p = week.params
    assert (p.staffing.count("cadre"), p.staffing.count("grid_worker"), p.staffing.count("medic")) == (
        20, 4, 2)
    assert (p.strategy.trigger.mode, p.strategy.trigger.day, p.strategy.trigger.mobilisation_delay_days) == (
        "day", 2, 0)
    assert p.strategy.workforce.training_days == 1
    d = p.strategy.deployment
    assert (d.enabled, d.duration_days, d.start_after_wartime_days) == (True, 5, 1)
    # The house-visit shape is replaced; ring_zoning's publicity and clean-up teams stay.
    assert "strategy.workforce.teams=[publicity_volunteers,cleanup_crew,three_person]" in rings.overrides
    assert rings.params.strategy.workforce.teams == ("publicity_volunteers", "cleanup_crew", "three_person")
    assert rings.params_for(7).seed == 7 and week.family == ""


ERRORS = [
    ("unknown preset", "scenarios:\n  - name: a\n    strategy: full_cadr\n", 3,
     "scenarios.a.strategy='full_cadr': unknown strategy; allowed: baseline, foshan_2020, full_cadre"),
    ("negative staff", "scenarios:\n  - name: a\n    strategy: routine\n    staffing:\n      cadre: -5\n", 5,
     "scenarios.a.staffing.cadre=-5: must be a whole number of people from 0"),
    ("missing field", "days: 20\nscenarios:\n  - name: a\n    team: cadre_grid\n", 3,
     "scenarios.a.strategy: missing field; allowed presets: baseline"),
    ("unknown field", "scenarios:\n  - name: a\n    strategy: routine\n    cadres: 5\n", 4,
     "scenarios.a.cadres=5: unknown field; allowed: name, strategy, staffing"),
    ("unknown top field", "village: small\nvilage: town\nscenarios: []\n", 2,
     "vilage='town': unknown field; allowed: title, village"),
    ("duplicate name",
     "scenarios:\n  - name: a\n    strategy: routine\n  - name: a\n    strategy: full_cadre\n", 4,
     "scenarios.a.name='a': duplicate scenario name (first on line 2)"),
    ("bad yaml", "scenarios:\n  - name: a\n    strategy: routine\n    note: x: y\n", 4, "not valid YAML"),
    ("unknown team", "scenarios:\n  - name: a\n    strategy: routine\n    team: trio\n", 4,
     "scenarios.a.team='trio': unknown team; allowed: three_person, cadre_grid, cadre_pair, professional"),
    ("start after end", "days: 20\nscenarios:\n  - name: a\n    strategy: routine\n    start_day: 30\n", 5,
     "scenarios.a.start_day=30: must be a whole number from 0 to 19"),
    ("village rule from the model", "village: {preset: small, households: 0}\nscenarios:\n  - name: a\n"
     "    strategy: routine\n", 1, "village.households=0: allowed range [1,"),
]


@pytest.mark.parametrize(("case", "text", "line", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_input_errors_are_one_line_with_line_number(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    case: str, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exc:
        main([str(path), "--out", str(out)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {path}:{line}: "), err
    assert message in err
    assert not out.exists()


def test_cli_exit_status_and_nothing_written(tmp_path: Path) -> None:
    path = write(tmp_path, "scenarios:\n  - name: baseline\n    strategy: routine\n")
    proc = subprocess.run([sys.executable, "-m", "analysis.plan", str(path), "--out", str(tmp_path / "o")],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (f"error: {path}:2: scenarios.baseline.name='baseline': reserved: "
                                   "the no-campaign baseline is added automatically")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_load_plan_raises_plan_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as exc:
        load_plan(write(tmp_path, "scenarios: nope\n"))
    assert exc.value.line == 1 and "must be a list of scenarios" in str(exc.value)


def test_tiny_plan_writes_report(tmp_path: Path) -> None:
    # One run made by sim.run with the baseline's configuration: the plan reuses it.
    single = tmp_path / "single_run"
    subprocess.run([sys.executable, "-m", "sim.run", "village=small", "days=15", "seed=1",
                    f"hydra.run.dir={single}"], cwd=REPO, capture_output=True, check=True)
    stream = io.StringIO()
    out = tmp_path / "out"
    html_path = write_planning_report(write(tmp_path, TINY), out, workers=2, stream=stream, reuse=[single])
    assert html_path == out / "report.html"
    names = ["baseline", "sweep_week", "rings"]
    for name in names:
        for seed in (0, 1):
            run = out / "runs" / name / f"seed_{seed}"
            summary = json.loads((run / "summary.json").read_text())
            assert (run / "timeseries.csv").is_file() and summary["seed"] == seed
            assert summary["config_hash"] and f"seed={seed}" in summary["overrides"]
    progress = stream.getvalue()  # the estimate, the reuse line, then the bar over the 5 simulated runs
    assert progress.startswith("estimate: 5 runs, about ")
    assert "\n1 of 6 runs reused from earlier runs with the same configuration\n" in progress
    assert "5/5" in progress and "runs:" in progress
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs.loc[runs["reused"], "run_id"]) == ["baseline/seed_1"]
    page = html_path.read_text(encoding="utf-8")
    summary = page[page.index('<table id="summary">'):]
    summary = summary[: summary.index("</table>")]
    assert all(f'<th scope="row">{n}</th>' in summary for n in names)
    assert page.count('src="data:image/png;base64,') == 4 and "http://" not in page and "https://" not in page
    # Accessible: language, captions and column headers on every table, alt text on every image, print styles.
    assert page.startswith('<!doctype html><html lang="en">') and "@media print" in page
    assert page.count("<table") == page.count("<caption>") == 3
    assert '<th scope="col">' in summary and "<th>" not in page
    assert page.count("<img ") == len(re.findall(r'<img alt="[^"]{40,}"', page)) == 4
    # The opening paragraph comes first and states the baseline's infections out of its residents.
    base = runs[runs["scenario"] == "baseline"]
    opening = page[page.index('<p class="lead" id="opening">'):page.index('<h2>Verdict</h2>')]
    assert (f"Without a campaign about {fmt.rounded(base['total_infections'].median())} of "
            f"{fmt.rounded(base['population'].median())} residents") in opening
    assert page.index('id="opening"') < page.index("<h2>Verdict</h2>") < page.index('<table id="summary">')
    assert "Verdict" in page and "python -m analysis.plan" in page and "vcsim" in page
    md = (out / "report.md").read_text(encoding="utf-8")
    md_summary = md[md.index("## Cases and cost"): md.index("## Epidemic and field work")]
    assert all(f"| {n} |" in md_summary for n in ["baseline", r"sweep\_week", "rings"])  # Markdown-escaped
    figures = ("epidemic_curves", "breeding_sites", "breteau", "frontier")
    assert all((out / f"{f}.png").is_file() for f in figures)
    table = pd.read_csv(out / "summary.csv")
    assert list(table["scenario"]) == names
    # Running the plan again reuses every finished run and gives the same table.
    again = io.StringIO()
    write_planning_report(tmp_path / "plan.yaml", out, workers=2, stream=again)
    assert again.getvalue() == "6 of 6 runs reused from earlier runs with the same configuration\n"
    pd.testing.assert_frame_equal(pd.read_csv(out / "summary.csv"), table)


def _runs() -> pd.DataFrame:
    rows = []
    for seed, (base, x, pdays) in enumerate([(100, 80, 400), (120, 90, 500), (110, 95, 600)]):
        for name, inf, pdx in (("baseline", base, 0), ("X", x, pdays)):
            rows.append({"scenario": name, "seed": seed, "total_infections": inf,
                         "total_reported_cases": inf // 2, "person_days_total": pdx,
                         "staff_person_days_cadre": pdx * 0.5, "staff_person_days_grid_worker": pdx * 0.5,
                         "staff_person_days_medic": 0, "idle_house_clearance_rate": np.nan})
    return pd.DataFrame(rows)


def test_averted_per_1000_person_days_on_constructed_runs() -> None:
    table = scenario_table(_runs(), order=["baseline", "X"])
    x = table.loc["X"]
    # paired differences 20, 30, 15 (mean 21.67); mean person-days 500
    assert x["cases_averted_mean"] == pytest.approx(65 / 3)
    assert x["person_days_mean"] == pytest.approx(500)
    assert x["cases_averted_per_1000_person_days"] == pytest.approx(65 / 3 / 500 * 1000)
    assert x["reported_cases_averted_mean"] == pytest.approx((10 + 15 + 8) / 3)
    assert x["total_infections_median"] == 90 and x["staff_person_days_cadre_median"] == 250
    assert pd.isna(table.loc["baseline", "cases_averted_per_1000_person_days"])


def _table(rows: list[tuple]) -> pd.DataFrame:
    """Synthetic scenario table: (name, family, cadres, person-days, averted, ci_low, ci_high, infections)."""
    recs = []
    for name, fam, cadres, pdays, av, lo, hi, inf in rows:
        recs.append({"scenario": name, "family": fam, "strategy": "ring_zoning" if fam else name,
                     "cadres": cadres, "grid_workers": 12, "medics": 8, "person_days_mean": pdays,
                     "person_days_total_median": pdays, "cases_averted_mean": av,
                     "cases_averted_ci_low": lo, "cases_averted_ci_high": hi,
                     "cases_averted_per_1000_person_days": av / pdays * 1000 if pdays else np.nan,
                     "total_infections_median": inf, "total_infections_p5": inf - 10,
                     "total_infections_p95": inf + 10})
    return pd.DataFrame(recs).set_index("scenario")


def test_verdict_names_best_scenarios_and_diminishing_returns() -> None:
    table = _table([
        ("baseline", "", 0, 0, np.nan, np.nan, np.nan, 1000),
        ("A", "F", 10, 1000, 100, 80, 120, 900),
        ("B", "F", 20, 2000, 180, 160, 200, 820),
        ("C", "F", 40, 4000, 190, 170, 210, 810),
        ("D", "", 60, 500, 20, -5, 45, 980),
        ("E", "", 60, 3000, 280, 260, 300, 720),
    ])
    v = verdict(table)
    assert v.best_cases == "E"  # most infections averted
    assert v.best_efficiency == "A"  # 100 per 1,000 person-days (E: 93, B: 90)
    assert v.no_clear_effect == ["D"]
    assert v.pareto == ["A", "B", "E"]  # C is beaten by E on both counts; D has no clear effect
    steps = v.families["ring_zoning"]
    assert [s.scenario for s in steps] == ["A", "B", "C"]
    assert [round(s.marginal_per_1000) for s in steps] == [100, 80, 5]
    assert [s.stops_helping for s in steps] == [False, False, True]
    assert v.stop_after["ring_zoning"] == "B"
    text = " ".join(v.sentences)
    assert v.sentences[0].startswith("Fewest infections: E") and "about 280 fewer" in v.sentences[0]
    assert "did about as well" not in v.sentences[0]
    assert "Most infections averted per staff effort: A, with 100 infections averted per 1,000" in text
    assert "stops helping beyond B" in text and "Going from 20 to 40 cadres averted only 5 more" in text
    assert "less than 20% of the 100 per 1,000" in text


def test_verdict_when_every_step_pays_or_nothing_works() -> None:
    paying = _table([
        ("baseline", "", 0, 0, np.nan, np.nan, np.nan, 1000),
        ("small", "F", 10, 1000, 100, 90, 110, 900),
        ("big", "F", 20, 2000, 170, 150, 190, 830),
    ])
    v = verdict(paying)
    assert v.stop_after == {"ring_zoning": None} and "every step still paid off" in " ".join(v.sentences)
    assert "big did about as well" not in v.sentences[0]
    useless = _table([
        ("baseline", "", 0, 0, np.nan, np.nan, np.nan, 1000),
        ("p", "", 10, 1000, -3, -10, 4, 1003),
    ])
    v = verdict(useless)
    assert v.best_efficiency is None and v.no_clear_effect == ["p"]
    assert v.sentences[0] == "No scenario reduced infections compared with doing nothing."
    assert "cannot show where adding staff stops helping" in v.sentences[-1]


def test_decompose_adds_which_action_did_what(tmp_path: Path) -> None:
    text = TINY.replace("replicates: 2\n", "replicates: 1\ndecompose: true\n")
    out = tmp_path / "out"
    write_planning_report(write(tmp_path, text), out, workers=2, stream=io.StringIO())
    actions = pd.read_csv(out / "actions.csv")
    assert set(actions.scenario) == {"sweep_week", "rings"}
    assert "indoor knockdown" in set(actions.action)
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 3  # the decomposition's runs are not scenarios of the report
    md = (out / "report.md").read_text()
    assert "## Which action did what" in md and "Which action did what" in (out / "report.html").read_text()


def test_decompose_must_be_true_or_false(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="decompose"):
        load_plan(write(tmp_path, TINY.replace("replicates: 2\n", "replicates: 2\ndecompose: maybe\n")))


def test_a_district_plan_chooses_where_medics_belong(tmp_path: Path) -> None:
    district = TINY.replace("village: small\n", "district: {preset: demo, medics: village, scale: 1}\n")
    plan = load_plan(write(tmp_path, district))
    assert all(s.params.district.command.medics == "village" for s in plan.scenarios)
    assert load_plan(write(tmp_path, TINY.replace("village: small\n", "district: demo\n"))
                     ).scenarios[0].params.district.command.medics == "town"
    expected = r"plan.yaml:2: district.medics=.clinic.: unknown name; allowed: town, village"
    with pytest.raises(PlanError, match=expected):
        load_plan(write(tmp_path, district.replace("medics: village", "medics: clinic")))
