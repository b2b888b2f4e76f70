"""Tests for analysis.collect on synthetic Hydra multirun folders (no simulator needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.collect import collect_runs
from analysis.sweep_jobs import flatten, parse_overrides
from sim.cli.job_folders import find_job_dirs

REPO = Path(__file__).resolve().parents[1]
DAYS = 30


def write_job(folder: Path, overrides: list[str], summary: dict | None = None,
              error: str | None = None, days: int = DAYS) -> None:
    """Write one synthetic job folder following the simulator's output contract."""
    (folder / ".hydra").mkdir(parents=True)
    (folder / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides))
    (folder / ".hydra" / "config.yaml").write_text(yaml.safe_dump({"seed": 0, "days": days}))
    if error is not None:
        (folder / "error.json").write_text(json.dumps({"error": error, "overrides": overrides}))
    if summary is None:
        return
    day = np.arange(days)
    cases = (day % 5 == 0).astype(int) * (summary["seed"] + 1)
    ts = pd.DataFrame({
        "day": day, "new_infections": cases, "new_reported_cases": cases,
        "infectious_humans": cases, "cumulative_infections": cases.cumsum(),
        "cumulative_reported_cases": cases.cumsum(), "adult_mosquitoes": 500 - day,
        "infectious_mosquitoes": cases, "active_breeding_sites": 100 - 2 * day,
        "breteau_index": 25.0 - 0.5 * day, "house_index": 10.0, "sites_found_today": 2,
        "sites_cleared_today": 2, "staff_on_duty": 8, "households_visited_today": 40,
    })
    ts.to_csv(folder / "timeseries.csv", index=False)
    (folder / "summary.json").write_text(json.dumps(summary))


def make_summary(seed: int, strategy: str, infections: float, person_days: float = 0.0) -> dict:
    """A complete ``summary.json`` dict with a nested ``staff_person_days``."""
    return {
        "seed": seed, "strategy": strategy, "staffing": "default", "village": "test",
        "disease": "chikungunya", "days": DAYS, "population": 1000, "households": 300,
        "total_infections": infections, "total_reported_cases": infections // 2,
        "attack_rate": infections / 1000, "peak_daily_reported_cases": seed + 1,
        "peak_day": 5, "outbreak_end_day": None if seed == 0 else 25, "sites_found": 50,
        "sites_cleared": 49, "clearance_rate": 0.98, "idle_house_clearance_rate": None,
        "final_breteau_index": 10.5, "days_to_breteau_below_5": None,
        "staff_person_days": {"cadre": person_days / 2, "grid_worker": person_days / 2,
                              "medic": 0},
        "person_days_total": person_days, "households_visited": 1200, "wall_seconds": 0.5,
    }


@pytest.fixture
def sweep(tmp_path: Path) -> Path:
    """A sweep with 4 finished jobs (flat and nested), 1 unfinished, 1 failed, .submitit."""
    root = tmp_path / "sweep"
    root.mkdir()
    (root / "multirun.yaml").write_text("hydra:\n  mode: MULTIRUN\n")
    for i, seed in enumerate([0, 1]):
        write_job(root / str(i), [f"seed={seed}", "strategy=baseline", "staffing.cadres=2"],
                  make_summary(seed, "baseline", 100 + seed))
    # nested layout (e.g. a custom sweep subdir) and an index >= 10 for natural sorting
    for name, seed in [("nested/job/10", 0), ("nested/job/2", 1)]:
        write_job(root / name, [f"seed={seed}", "strategy=ring_zoning", "+staffing.cadres=4"],
                  make_summary(seed, "ring_zoning", 60 + seed, 200.0))
    write_job(root / "4", ["seed=2", "strategy=ring_zoning"])  # unfinished
    traceback = 'Traceback (most recent call last):\n  File "x.py"\nValueError: bad staffing\n'
    write_job(root / "5", ["seed=3", "strategy=ring_zoning"], error=traceback)
    # submitit's hidden folder must be ignored even if it looks like a job
    write_job(root / ".submitit" / "123_0", ["seed=99"], make_summary(99, "baseline", 1))
    return root


def test_collect_counts_and_columns(sweep: Path) -> None:
    result = collect_runs(sweep)
    assert list(result.runs["run_id"]) == ["0", "1", "nested/job/2", "nested/job/10"]
    assert result.unfinished == ["4"]
    assert [(f.run_id, f.error) for f in result.failed] == [("5", "ValueError: bad staffing")]
    cols = list(result.runs.columns)
    assert cols[:4] == ["run_id", "seed", "strategy", "staffing.cadres"]
    for c in ["total_infections", "person_days_total", "staff_person_days_cadre",
              "staff_person_days_grid_worker", "staff_person_days_medic", "wall_seconds"]:
        assert c in cols
    assert "staff_person_days" not in cols
    assert result.runs["seed"].dtype.kind == "i"
    assert list(result.runs["staffing.cadres"]) == [2, 2, 4, 4]
    assert result.runs["outbreak_end_day"].isna().sum() == 2
    ts = result.timeseries
    assert list(ts.columns[:2]) == ["run_id", "day"]
    assert len(ts) == 4 * DAYS
    assert set(ts["run_id"]) == set(result.runs["run_id"])
    assert all(ts[c].dtype.kind in "if" for c in ts.columns if c != "run_id")


def test_find_job_dirs_skips_hidden(sweep: Path) -> None:
    names = [p.relative_to(sweep).as_posix() for p in find_job_dirs(sweep)]
    assert names == ["0", "1", "4", "5", "nested/job/2", "nested/job/10"]


def test_parse_overrides_types(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    items = ["seed=3", "rate=0.5", "tiny=1e-3", "strategy=ring_zoning", "flag=true",
             "++extra=7", "~gone", "list=[1,2]", "empty=null", "+village@place=small", "note='a b'"]
    path.write_text(yaml.safe_dump(items))
    assert parse_overrides(path) == {
        "seed": 3, "rate": 0.5, "tiny": 0.001, "strategy": "ring_zoning", "flag": True,
        "extra": 7, "list": "[1,2]", "empty": None, "village@place": "small", "note": "a b",
    }


def test_unreadable_overrides_mark_the_job_failed(tmp_path: Path) -> None:
    write_job(tmp_path / "0", ["strategy=ring", "seed=0"], make_summary(0, "ring", 5))
    write_job(tmp_path / "1", ["strategy=ring", "seed=[1"], make_summary(1, "ring", 6))
    result = collect_runs(tmp_path)
    assert list(result.runs["run_id"]) == ["0"]
    assert [f.run_id for f in result.failed] == ["1"] and "overrides.yaml" in result.failed[0].error


def test_flatten_nested() -> None:
    assert flatten({"a": 1, "b": {"c": 2, "d": {"e": 3}}, "l": [1, 2]}) == {
        "a": 1, "b_c": 2, "b_d_e": 3, "l": "[1, 2]"}


def test_conflicting_summary_value_kept(tmp_path: Path) -> None:
    write_job(tmp_path / "0", ["strategy=ring"], make_summary(0, "ring_zoning", 5))
    runs = collect_runs(tmp_path).runs
    assert runs.loc[0, "strategy"] == "ring"
    assert runs.loc[0, "summary_strategy"] == "ring_zoning"


def test_only_unfinished_jobs(tmp_path: Path) -> None:
    write_job(tmp_path / "0", ["strategy=ring", "seed=1"])
    result = collect_runs(tmp_path)
    assert result.runs.empty and list(result.runs.columns) == ["run_id", "strategy", "seed"]
    assert result.unfinished == ["0"] and result.timeseries.empty


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis.collect", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_tables(sweep: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli(str(sweep), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "finished:   4" in proc.stdout
    assert "unfinished: 1" in proc.stdout and "failed:     1" in proc.stdout
    assert "5: ValueError: bad staffing" in proc.stdout
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 4 and "staffing.cadres" in runs.columns
    assert len(pd.read_csv(out / "timeseries.csv")) == 4 * DAYS
    assert sorted(p.name for p in out.iterdir()) == ["runs.csv", "timeseries.csv"]  # no temps


def test_cli_default_out_is_sweep_dir(sweep: Path) -> None:
    assert run_cli(str(sweep)).returncode == 0
    assert (sweep / "runs.csv").is_file() and (sweep / "timeseries.csv").is_file()


def test_cli_not_a_sweep(tmp_path: Path) -> None:
    (tmp_path / "some_dir").mkdir()
    proc = run_cli(str(tmp_path / "some_dir"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"error: {tmp_path / 'some_dir'} is not a Hydra multirun folder "
        "(no job folders with .hydra/overrides.yaml found)"
    )
    assert proc.stdout == ""


def test_cli_missing_folder(tmp_path: Path) -> None:
    proc = run_cli(str(tmp_path / "nope"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "nope" in lines[0]


def test_a_corrupt_job_is_named_and_the_others_are_collected(tmp_path: Path) -> None:
    for seed in range(3):
        write_job(tmp_path / str(seed), [f"seed={seed}"], make_summary(seed, "routine", 10.0 + seed))
    (tmp_path / "1" / "timeseries.csv").write_bytes(b'day,a\n1,"unclosed\n2,3,4,5\n\xff\xfe')
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "failed:     1" in proc.stdout and "  1: timeseries.csv unreadable" in proc.stdout
    runs = pd.read_csv(tmp_path / "runs.csv")
    assert sorted(runs["run_id"].astype(str)) == ["0", "2"]
    assert set(pd.read_csv(tmp_path / "timeseries.csv")["run_id"].astype(str)) == {"0", "2"}


def test_nothing_collected_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    write_job(tmp_path / "0", ["seed=0"], error="Traceback\nValueError: boom")
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 1
    expected = f"error: no finished run to collect in {tmp_path}; nothing written"
    assert proc.stderr.strip().splitlines() == [expected]
    assert "0: ValueError: boom" in proc.stdout
    assert not (tmp_path / "runs.csv").exists() and not (tmp_path / "timeseries.csv").exists()


def test_a_run_folder_is_never_written_into(tmp_path: Path) -> None:
    """Pointed at one run's folder (not a sweep), collect refuses in one line and leaves the
    run's own timeseries.csv as it was; the same for --out inside a sweep's job."""
    run = tmp_path / "run"
    write_job(run, ["seed=0"], make_summary(0, "routine", 10.0))
    before = (run / "timeseries.csv").read_bytes()
    for args in ([str(run)], [str(tmp_path), "--out", str(run)]):
        proc = run_cli(*args)
        assert proc.returncode == 2
        assert len(proc.stderr.strip().splitlines()) == 1 and "is a run's folder" in proc.stderr
        assert (run / "timeseries.csv").read_bytes() == before
        assert not (run / "runs.csv").exists()
