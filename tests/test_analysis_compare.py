"""Tests for analysis.compare on constructed run tables with known answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.compare import compare_runs
from analysis.paired_stats import mean_ci, paired_test

REPO = Path(__file__).resolve().parents[1]
SEEDS = list(range(10))


def make_runs() -> pd.DataFrame:
    """Baseline: 100+seed cases; ring: 60+seed (averted exactly 40); same: = baseline;
    grid: varying benefit and only seeds 0-4; staffing columns for multi-column groups."""
    rows = []
    for s in SEEDS:
        rows.append({"strategy": "baseline", "seed": s, "total_infections": 100 + s,
                     "person_days_total": 0, "days_to_breteau_below_5": np.nan,
                     "staffing.cadres": 0, "staffing.grid_workers": 0})
        days_bi5 = np.nan if s >= 8 else 20 + s  # two ring runs never reach Breteau < 5
        rows.append({"strategy": "ring_zoning", "seed": s, "total_infections": 60 + s,
                     "person_days_total": 500, "days_to_breteau_below_5": days_bi5,
                     "staffing.cadres": 2, "staffing.grid_workers": 10})
        rows.append({"strategy": "same", "seed": s, "total_infections": 100 + s,
                     "person_days_total": 0, "days_to_breteau_below_5": 30,
                     "staffing.cadres": 2, "staffing.grid_workers": 20})
        if s < 5:
            rows.append({"strategy": "grid", "seed": s, "total_infections": 100 + s - 2 * s,
                         "person_days_total": 250, "days_to_breteau_below_5": 15,
                         "staffing.cadres": 4, "staffing.grid_workers": 10})
    df = pd.DataFrame(rows).sample(frac=1.0, random_state=1)  # order must not matter
    df.insert(0, "run_id", [str(i) for i in range(len(df))])
    return df


def row(result: pd.DataFrame, group: str) -> pd.Series:
    return result.set_index("group").loc[group]


def test_medians_and_percentiles() -> None:
    result = compare_runs(make_runs())
    assert list(result["group"]) == ["baseline", "grid", "ring_zoning", "same"]  # baseline 1st
    base = row(result, "baseline")
    assert base["n_runs"] == 10
    assert base["total_infections_median"] == pytest.approx(104.5)
    assert base["total_infections_p5"] == pytest.approx(100.45)  # 100 + 0.05 * 9
    assert base["total_infections_p95"] == pytest.approx(108.55)
    ring = row(result, "ring_zoning")
    assert ring["total_infections_median"] == pytest.approx(64.5)
    # nulls ignored but counted ("never" reached Breteau < 5)
    assert ring["days_to_breteau_below_5_n_null"] == 2
    assert ring["days_to_breteau_below_5_median"] == pytest.approx(np.median(range(20, 28)))
    assert base["days_to_breteau_below_5_n_null"] == 10
    assert np.isnan(base["days_to_breteau_below_5_median"])
    assert "clearance_rate_median" not in result.columns  # missing metric skipped


def test_paired_averted_exact() -> None:
    result = compare_runs(make_runs())
    ring = row(result, "ring_zoning")
    assert ring["cases_averted_mean"] == pytest.approx(40.0)
    assert (ring["cases_averted_ci_low"], ring["cases_averted_ci_high"]) == (40.0, 40.0)
    assert ring["n_pairs"] == 10
    assert ring["wilcoxon_p"] == pytest.approx(2 / 2**10)  # exact: all 10 ranks positive
    assert ring["cases_averted_per_1000_person_days"] == pytest.approx(40 / 500 * 1000)
    base = row(result, "baseline")
    assert np.isnan(base["cases_averted_mean"]) and pd.isna(base["n_pairs"])


def test_all_zero_differences_and_zero_person_days() -> None:
    same = row(compare_runs(make_runs()), "same")
    assert same["cases_averted_mean"] == 0.0
    assert (same["cases_averted_ci_low"], same["cases_averted_ci_high"]) == (0.0, 0.0)
    assert same["wilcoxon_p"] == 1.0
    assert np.isnan(same["cases_averted_per_1000_person_days"])  # 0 person-days -> null


def test_pairs_only_common_seeds() -> None:
    grid = row(compare_runs(make_runs()), "grid")
    diffs = np.array([2.0 * s for s in range(5)])  # baseline 100+s minus grid 100-s
    assert grid["n_pairs"] == 5
    assert grid["cases_averted_mean"] == pytest.approx(diffs.mean())
    low, high = mean_ci(diffs)
    assert (grid["cases_averted_ci_low"], grid["cases_averted_ci_high"]) == (low, high)
    assert low < diffs.mean() < high
    assert grid["wilcoxon_p"] == pytest.approx(paired_test(diffs))


def test_bootstrap_interval_is_reproducible_and_has_the_right_width() -> None:
    x = np.arange(20.0)
    low, high = mean_ci(x)
    assert mean_ci(x) == (low, high)  # fixed seed: the same interval every time
    half = 1.96 * x.std() / np.sqrt(len(x))  # normal approximation: 9.5 +- 2.53
    assert low == pytest.approx(9.5 - half, abs=0.3) and high == pytest.approx(9.5 + half, abs=0.3)
    narrow = mean_ci(x, level=0.5)
    assert low < narrow[0] < 9.5 < narrow[1] < high


def test_few_pairs_get_a_t_interval_and_one_pair_none() -> None:
    assert all(np.isnan(mean_ci(np.array([7.0]))))  # one pair: no interval at all
    # three differences of one sign but scattered: the bootstrap's interval stays inside
    # [2, 60] and would call this a clear effect; Student's t (2 df: 4.30 x 18.5) includes 0
    x = np.array([2.0, 5.0, 60.0])
    low, high = mean_ci(x)
    half = 4.3027 * x.std(ddof=1) / np.sqrt(3)
    assert (low, high) == pytest.approx((x.mean() - half, x.mean() + half), rel=1e-4) and low < 0 < high
    # consistent differences stay clear with few pairs: 988, 990 and 985 averted
    assert mean_ci(np.array([988.0, 990.0, 985.0]))[0] > 900
    assert mean_ci(np.array([4.0, 4.0])) == (4.0, 4.0)  # no spread: the value itself


def test_missing_baseline_is_a_note() -> None:
    result = compare_runs(make_runs(), baseline="nothing")
    assert result["cases_averted_mean"].isna().all()
    assert any("not found" in n for n in result.attrs["notes"])


def test_multi_column_groups_and_baseline_label() -> None:
    by = ("staffing.cadres", "staffing.grid_workers")
    result = compare_runs(make_runs(), by=by, baseline="0,0")
    assert result["group"].iloc[0] == "0,0"
    ring = result.set_index("group").loc["2,10"]
    assert ring["cases_averted_mean"] == pytest.approx(40.0)
    assert compare_runs(make_runs(), by=by, baseline=(2, 10))["group"].iloc[0] == "2,10"


def test_unknown_by_column() -> None:
    with pytest.raises(KeyError, match="unknown --by column 'nope'"):
        compare_runs(make_runs(), by="nope")
    with pytest.raises(ValueError, match="no finished runs"):
        compare_runs(make_runs().iloc[:0])


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis.compare", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_outputs(tmp_path: Path) -> None:
    make_runs().to_csv(tmp_path / "runs.csv", index=False)
    proc = run_cli(str(tmp_path / "runs.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "ring_zoning" in proc.stdout and "40 [40, 40] (n=10)" in proc.stdout
    table = pd.read_csv(tmp_path / "comparison.csv")
    assert table.loc[table["group"] == "ring_zoning", "cases_averted_mean"].item() == 40.0
    md = (tmp_path / "comparison.md").read_text()
    assert md.startswith("| group | n | total_infections")
    assert "| ring_zoning | 10 | 64.5 [60.5, 68.5]" in md


def test_cli_missing_baseline_and_out(tmp_path: Path) -> None:
    make_runs().to_csv(tmp_path / "runs.csv", index=False)
    proc = run_cli(str(tmp_path), "--baseline", "nothing", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert "note: baseline group 'nothing' not found" in proc.stdout
    assert (tmp_path / "o" / "comparison.md").is_file()


def test_cli_unknown_by(tmp_path: Path) -> None:
    make_runs().to_csv(tmp_path / "runs.csv", index=False)
    proc = run_cli(str(tmp_path / "runs.csv"), "--by", "strategy,nope")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "unknown --by column 'nope'" in lines[0] and "strategy, seed" in lines[0]
