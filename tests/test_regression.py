"""Regression baseline: the same seeds and configs give the same outputs, byte for byte.

Pinned: the default scenario, every strategy preset on the small village (with
its own staffing where it has one) and the ``quick`` sweep. A deliberate change
of behaviour updates the baseline on purpose::

    VCSIM_UPDATE_REGRESSION=1 .venv/bin/python -m pytest tests/test_regression.py

and the commit says which outputs changed and why. Volatile fields (wall time,
the config hash, the overrides as typed) are left out.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import preset

from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.outputs import timeseries_csv
from sim.simulate import simulate

BASELINE = Path(__file__).with_name("data") / "regression_outputs.json"
UPDATE = os.environ.get("VCSIM_UPDATE_REGRESSION") == "1"
VOLATILE = ("wall_seconds", "config_hash", "overrides")
REPO = Path(__file__).resolve().parent.parent


def _digest(timeseries_text: str, summary: dict) -> dict:
    kept = {k: v for k, v in summary.items() if k not in VOLATILE}
    return {"timeseries_sha256": hashlib.sha256(timeseries_text.encode()).hexdigest(),
            "summary": json.loads(json.dumps(kept))}


def _check(name: str, got: dict) -> None:
    data = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    if UPDATE:
        data[name] = got
        BASELINE.parent.mkdir(exist_ok=True)
        BASELINE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        return
    assert name in data, f"no baseline for {name}: run with VCSIM_UPDATE_REGRESSION=1"
    assert got["summary"] == data[name]["summary"], name
    assert got["timeseries_sha256"] == data[name]["timeseries_sha256"], name


def test_default_scenario_is_unchanged():
    r = simulate(compose_params([]))
    _check("default", _digest(timeseries_csv(r.timeseries), r.summary))


@pytest.mark.parametrize("strategy", config_groups(CONFIG_DIR)["strategy"])
def test_every_preset_on_the_small_village_is_unchanged(strategy):
    r = simulate(compose_params([*preset(strategy), "village=small", "days=60", "seed=4"]))
    _check(f"small/{strategy}", _digest(timeseries_csv(r.timeseries), r.summary))


@pytest.mark.slow
def test_quick_sweep_is_unchanged(tmp_path):
    cmd = [sys.executable, "-m", "sim.run", "-m", "+experiment=quick", f"hydra.sweep.dir={tmp_path}",
           "hydra/launcher=basic"]
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, env={**os.environ, "MPLBACKEND": "Agg"})
    for job in sorted(p for p in tmp_path.iterdir() if p.is_dir() and p.name.isdigit()):
        summary = json.loads((job / "summary.json").read_text())
        _check(f"quick/{summary['strategy']}/seed{summary['seed']}",
               _digest((job / "timeseries.csv").read_text(), summary))
