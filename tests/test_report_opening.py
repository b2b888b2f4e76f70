"""The report's opening paragraph and the verdict quote the runs' numbers as the tables show them."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis import fmt
from analysis.report import display_tables
from analysis.report_opening import MOST, leading_action, opening
from analysis.verdict import scenario_table, verdict

RESIDENTS = (5000, 5010, 4990, 5030, 4980)  # one village per seed


Series = dict[str, tuple[int, ...]]
PD_COLUMN = "Person-days, median [90% of runs] (by role, medians)"


def make_runs(infections: Series, person_days: Series) -> pd.DataFrame:
    """One row per run: infections and person-days per seed for each scenario, a village per seed."""
    rows = []
    for name, values in infections.items():
        for seed, (inf, pdays) in enumerate(zip(values, person_days[name], strict=True)):
            pop = RESIDENTS[seed]
            rows.append({"scenario": name, "seed": seed, "total_infections": inf,
                         "total_reported_cases": inf // 2, "person_days_total": pdays, "population": pop,
                         "attack_rate": inf / pop,
                         "staff_person_days_cadre": pdays})
    return pd.DataFrame(rows)


BASE = (4850, 4900, 4800, 4950, 4870)
RUNS = make_runs(
    {"baseline": BASE,
     "strong": (4400, 4500, 4350, 4520, 4410),      # clear effect, most averted
     "thrifty": (4700, 4760, 4650, 4800, 4720),     # clear effect, cheap
     "useless": (4860, 4890, 4810, 4940, 4880)},    # averted range includes 0
    {"baseline": (0,) * 5, "strong": (3000, 3100, 2900, 3050, 9000),  # one long run: mean far above median
     "thrifty": (300, 310, 290, 305, 900), "useless": (800, 820, 790, 810, 805)})


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return scenario_table(RUNS, order=["baseline", "strong", "thrifty", "useless"])


def test_opening_states_the_baselines_infected_out_of_the_residents(table: pd.DataFrame) -> None:
    text = opening(table, verdict(table), days=180)
    base = RUNS[RUNS.scenario == "baseline"]
    infected, residents = fmt.rounded(base.total_infections.median()), fmt.rounded(base.population.median())
    share = fmt.percent(base.attack_rate.median())
    assert text.startswith(f"Without a campaign about {infected} of {residents} residents ({share}) are "
                           "infected")
    assert "(180 days; median of 5 runs" in text


def test_opening_names_the_best_options_with_the_tables_statistics(table: pd.DataFrame) -> None:
    found = verdict(table)
    text = opening(table, found, days=180)
    assert (found.best_cases, found.best_efficiency) == ("strong", "thrifty")
    main = display_tables(table)[0].set_index("Scenario")
    for name in ("strong", "thrifty"):
        averted = main.loc[name, "Infections averted vs no campaign, mean [95% interval]"]
        mean, low, high = re.fullmatch(r"(\S+) \[(\S+), (\S+)\]", averted).groups()
        assert f"{name} (" in text
        assert f"prevents about {mean} infections on average (95% interval {low} to {high})" in text
        days = main.loc[name, PD_COLUMN]
        med, p5, p95 = re.match(r"(\S+) \[(\S+), (\S+)\]", days).groups()
        assert f"a median of {med} person-days of field work (90% of runs between {p5} and {p95})" in text
    assert "useless" not in text and "baseline" not in text


def test_verdict_quotes_the_tables_median_person_days_not_the_mean(table: pd.DataFrame) -> None:
    row = table.loc["thrifty"]
    assert fmt.rounded(row["person_days_mean"]) != fmt.rounded(row["person_days_total_median"])
    sentence = next(s for s in verdict(table).sentences if s.startswith("Most infections averted per staff"))
    cell = display_tables(table)[0].set_index("Scenario").loc["thrifty", PD_COLUMN]
    assert f"a median of {cell.split(' [')[0]} person-days" in sentence
    assert fmt.rounded(row["person_days_mean"]) not in sentence
    ratio = table.loc["strong", "person_days_total_median"] / row["person_days_total_median"]
    assert f"{ratio:.1f} times the person-days (medians)" in sentence


def test_every_option_infecting_most_residents_is_said_plainly(table: pd.DataFrame) -> None:
    assert (table["attack_rate_median"] > MOST).all()
    text = opening(table, verdict(table), days=180)
    assert "Every option still infects most of the village: even the best, strong, leaves about" in text
    milder = make_runs({"baseline": BASE, "halving": (2400, 2450, 2380, 2460, 2410)},
                       {"baseline": (0,) * 5, "halving": (100,) * 5})
    t = scenario_table(milder, order=["baseline", "halving"])
    assert "most of the" not in opening(t, verdict(t), days=180, place="district")


def test_without_a_clear_effect_no_option_is_praised() -> None:
    runs = make_runs({"baseline": BASE, "useless": (4860, 4890, 4790, 4940, 4880)},
                     {"baseline": (0,) * 5, "useless": (800,) * 5})
    t = scenario_table(runs, order=["baseline", "useless"])
    text = opening(t, verdict(t), days=90)
    assert "No option clearly prevents infections" in text and "useless prevents" not in text


def test_leading_action_of_the_best_option_is_named(table: pd.DataFrame) -> None:
    actions = pd.DataFrame({"scenario": ["strong", "strong", "thrifty"],
                            "action": ["publicity", "container clearing", "coils"],
                            "averted_mean": [40.0, 310.0, 90.0], "averted_low": [10.0, 250.0, 60.0],
                            "averted_high": [70.0, 400.0, 120.0]})
    assert leading_action(actions, "strong")["action"] == "container clearing"
    assert leading_action(actions, "useless") is None and leading_action(None, "strong") is None
    text = opening(table, verdict(table), days=180, actions=actions)
    assert "its leading action is container clearing: switched off alone, it lets about 310 more" in text
    assert "(250 to 400 over the seeds)" in text and "its leading action is coils" in text
    harmless = actions.assign(averted_mean=-1.0)
    assert "leading action" not in opening(table, verdict(table), days=180, actions=harmless)


def test_a_village_without_residents_says_so() -> None:
    runs = make_runs({"baseline": (0,) * 5, "x": (0,) * 5}, {"baseline": (0,) * 5, "x": (10,) * 5})
    runs["population"], runs["attack_rate"] = 0, np.nan
    t = scenario_table(runs, order=["baseline", "x"])
    assert opening(t, verdict(t), days=30).startswith("The village has no residents")


def test_one_run_per_option_claims_no_effect_and_asks_for_replicates() -> None:
    """A single paired run gives no interval: nothing is a clear effect or a best trade-off,
    and the report says why instead of "the range includes 0"."""
    one = RUNS[RUNS.seed == 0]
    table = scenario_table(one, order=["baseline", "strong", "thrifty", "useless"])
    assert table["cases_averted_ci_low"].drop("baseline").isna().all()
    assert table.loc["strong", "cases_averted_mean"] == 450  # the difference is still shown
    found = verdict(table)
    text = opening(table, found, days=180)
    assert "no interval of infections averted" in text and "replicates: 5" in text
    assert "prevents about" not in text and "includes 0" not in text
    assert fmt.NO_INTERVAL in " ".join(found.sentences)
    main, _ = display_tables(table)
    cell = main.set_index("Scenario").loc["strong"].filter(like="Infections averted").iloc[0]
    assert cell == "450 [no interval: one run]"


def test_the_staff_cell_names_configured_roles_that_did_no_field_work() -> None:
    from analysis.report import staff_cell

    worked = {"cadre": 205, "grid_worker": 117, "medic": 0, "volunteer": 228, "sprayer": 0}
    row = pd.Series({"cadres": 60, "grid_workers": 12, "medics": 8, "volunteers": 16, "sprayers": 4,
                     **{f"staff_person_days_{k}_median": v for k, v in worked.items()}})
    assert staff_cell(row) == ("60 cadres, 12 grid workers, 8 medics, 16 volunteers and 4 sprayers; "
                               "medics and sprayers: no field work")
    nobody = row.copy()
    for k in worked:
        nobody[f"staff_person_days_{k}_median"] = 0  # the campaign never started: no role singled out
    assert staff_cell(nobody) == "60 cadres, 12 grid workers, 8 medics, 16 volunteers and 4 sprayers"
