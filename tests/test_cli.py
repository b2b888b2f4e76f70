"""The command line: a small run writes the contract; bad input exits 2 and leaves nothing."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim.run", f"hydra.run.dir={tmp_path / 'run'}", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_small_run_writes_timeseries_and_summary(tmp_path):
    proc = run_cli(tmp_path, "village=small", "days=20", "seed=3")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "run"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 3 and summary["days"] == 20 and summary["village"] == "small"
    rows = list(csv.DictReader((out / "timeseries.csv").open()))
    assert len(rows) == 20
    for col in ("day", "new_infections", "new_reported_cases", "infectious_humans",
                "cumulative_infections", "cumulative_reported_cases", "adult_mosquitoes",
                "infectious_mosquitoes", "active_breeding_sites", "breteau_index",
                "house_index", "sites_cleared_today", "staff_on_duty"):
        assert col in rows[0], col
    assert (out / ".hydra" / "config.yaml").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["village=atlantis"], "village='atlantis': unknown village; allowed: default, small, town"),
        (["village.households=-5"], "village.households=-5"),
        (["disease.p_human_to_mosquito=1.2"], "allowed range [0, 1]"),
        (["days=0"], "days=0"),
        (["nonsense_key=1"], "unknown key"),
        (["village=small", "village.households=10000"], "village.households=10000: too many"),
    ],
)
def test_bad_input_one_line_exit_2_no_folder(tmp_path, args, needle):
    proc = run_cli(tmp_path, *args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert needle in lines[0]
    assert not (tmp_path / "run").exists()
