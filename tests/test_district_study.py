"""The district study (calibration against Shunde 2025 and counterfactuals), made tiny."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from analysis.district_study import main, run_study

TINY = ("district.villages=4", "district.towns=2", "district.residents=2400",
        "district.command.organisations=2", "district.command.echelon_per_day=12",
        "outbreak.seed_infections=6", "district.mobility.share_away=0.3")
SCENARIOS = {"campaign": ("strategy=shunde_2025",), "no_campaign": ("strategy=baseline",)}


def test_study_writes_paired_results_and_the_figure(tmp_path) -> None:
    result = run_study(tmp_path, seeds=(1, 2, 3), district="demo", scale=1.0, days=60, workers=1,
                       extra=TINY, scenarios=SCENARIOS)
    files = ("district_study.json", "district_runs.csv", "district_series.csv", "district_calibration.png")
    for name in files:
        assert (tmp_path / name).stat().st_size > 0, name
    runs = pd.read_csv(tmp_path / "district_runs.csv")
    assert sorted(runs["scenario"].unique()) == ["campaign", "no_campaign"]
    assert len(runs) == 6
    series = pd.read_csv(tmp_path / "district_series.csv")
    # Day 0 is detection in both scenarios: the first day the district's reports reach the
    # campaign's trigger (shunde_2025: 15), with or without a campaign.
    for (name, seed), g in series.groupby(["scenario", "seed"]):
        day = int(runs[(runs.scenario == name) & (runs.seed == seed)]["trigger_day"].iloc[0])
        cum = g.sort_values("day")["reported"].cumsum().to_numpy()
        assert cum[day] >= 15 and (day == 0 or cum[day - 1] < 15), (name, seed)
    assert len(series) == 6 * 60
    totals = series.groupby(["scenario", "seed"])["reported"].sum().sort_index()
    assert np.array_equal(totals.to_numpy(), runs.set_index(["scenario", "seed"])["total_reported_cases"]
                          .sort_index().to_numpy())
    diff = [d for d in result["paired_differences"]
            if d["scenario"] == "no_campaign" and d["outcome"] == "total_infections"]
    assert diff and diff[0]["n_pairs"] == 3
    saved = json.loads((tmp_path / "district_study.json").read_text())
    assert saved["data"]["peak_delay"] == 11.0  # Foshan: detection 8 Jul, peak 19 Jul


def test_bad_override_is_one_line_and_nothing_written(tmp_path, capsys) -> None:
    out = tmp_path / "study"
    code = main(["--district", "demo", "--seeds", "1", "--days", "5", "--out", str(out),
                 "--set", "district.command.allocation=random"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("error: district.command.allocation")
    assert not out.exists()
