"""Crash safety: a killed run never looks finished, and a killed sweep resumes where it stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import sim.outputs
from sim.metrics import DAILY_COLUMNS
from sim.outputs import SUMMARY_FILE, TIMESERIES_FILE, atomic_write_text, write_run
from sim.simulate import RunResult

ROOT = Path(__file__).resolve().parents[1]
#: A quick sweep job: 30 days on a 60-house hamlet.
HAMLET = ("village=small", "village.households=60", "village.width_cells=12", "village.height_cells=12",
          "village.settlements=2", "vector.warmup_days=20")


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim.run", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, proc: subprocess.Popen, timeout: float = 240.0) -> bool:
    """Poll ``condition()`` every 20 ms until it holds or the process ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return condition()
        time.sleep(0.02)
    return False


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)


def assert_not_finished_looking(folder: Path, days: int) -> None:
    """No summary; a time series, if any, is complete; temporary files are dot-prefixed."""
    assert not (folder / SUMMARY_FILE).exists()
    series = folder / TIMESERIES_FILE
    if series.exists():  # only possible if killed between the two renames: then it is whole
        assert len(series.read_text().splitlines()) == days + 1
    for path in folder.iterdir():
        if path.is_file() and path.name not in (TIMESERIES_FILE, "run.log"):
            assert path.name.startswith(".") and path.name.endswith(".tmp"), path.name


def test_a_run_killed_mid_way_leaves_no_finished_looking_folder(tmp_path):
    out = tmp_path / "run"
    proc = start("village=small", "days=400", f"hydra.run.dir={out}")
    try:
        assert wait_for(lambda: (out / ".hydra" / "config.yaml").exists(), proc)
        time.sleep(1.0)  # into the warm-up or the simulation
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        kill(proc)
    assert proc.returncode == -signal.SIGKILL
    assert_not_finished_looking(out, 400)


def _summaries(sweep: Path) -> dict[str, tuple[int, str]]:
    return {p.parent.name: (p.stat().st_mtime_ns, p.read_text()) for p in sweep.glob("*/" + SUMMARY_FILE)}


def test_a_killed_sweep_resumes_running_only_the_missing_jobs(tmp_path):
    sweep = tmp_path / "sweep"
    args = ("-m", "seed=0,1,2,3", *HAMLET, "days=30", f"hydra.sweep.dir={sweep}")
    proc = start(*args)
    try:
        assert wait_for(lambda: (sweep / "0" / SUMMARY_FILE).exists(), proc)
    finally:
        kill(proc)
    before = _summaries(sweep)
    assert "0" in before and len(before) < 4, "kill the sweep earlier: every job had finished"
    for job in {"0", "1", "2", "3"} - set(before):
        if (sweep / job).exists():
            assert_not_finished_looking(sweep / job, 30)

    time.sleep(0.05)  # a rewritten file would get a later modification time
    resumed = subprocess.run([sys.executable, "-m", "sim.run", *args], cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    after = _summaries(sweep)
    assert set(after) == {"0", "1", "2", "3"}
    for job, stamp in before.items():
        assert after[job] == stamp, f"finished job {job} was run again"
    assert (resumed.stdout + resumed.stderr).count("already finished, skipped") == len(before)
    seeds = sorted(json.loads(text)["seed"] for _, text in after.values())
    assert seeds == [0, 1, 2, 3]


def test_a_changed_config_in_a_used_sweep_folder_is_run_again(tmp_path):
    sweep = tmp_path / "sweep"
    common = ("-m", "seed=0", *HAMLET, f"hydra.sweep.dir={sweep}")
    for days in (3, 4):
        proc = subprocess.run([sys.executable, "-m", "sim.run", *common, f"days={days}"], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    assert json.loads((sweep / "0" / SUMMARY_FILE).read_text())["days"] == 4
    assert len((sweep / "0" / TIMESERIES_FILE).read_text().splitlines()) == 5


# --- atomic writes, in-process ---------------------------------------------------------------


def _result(days: int = 3) -> RunResult:
    table = {c: np.arange(days, dtype=float) for c in DAILY_COLUMNS}
    return RunResult(table, {"seed": 0, "days": days})


def test_a_write_that_fails_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "summary.json"
    atomic_write_text(target, "old\n")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(sim.outputs.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new and longer\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]


def test_summary_is_written_last_and_an_old_one_is_removed_first(tmp_path, monkeypatch):
    (tmp_path / SUMMARY_FILE).write_text('{"old": true}\n')
    (tmp_path / f".{SUMMARY_FILE}.dead.tmp").write_text("left by a killed writer")
    (tmp_path / "events.csv").write_text("stale\n")
    order: list[str] = []
    real = sim.outputs.atomic_write_text

    def spy(path, text):
        order.append(Path(path).name)
        if Path(path).name == TIMESERIES_FILE:
            assert not (tmp_path / SUMMARY_FILE).exists(), "old summary still there during the rewrite"
        real(path, text)

    monkeypatch.setattr(sim.outputs, "atomic_write_text", spy)
    write_run(_result(), tmp_path)
    assert order == [TIMESERIES_FILE, SUMMARY_FILE]
    assert sorted(p.name for p in tmp_path.iterdir()) == [SUMMARY_FILE, TIMESERIES_FILE]
    assert json.loads((tmp_path / SUMMARY_FILE).read_text()) == {"seed": 0, "days": 3}


def test_outputs_get_the_usual_file_permissions(tmp_path):
    write_run(_result(), tmp_path)
    mask = os.umask(0)
    os.umask(mask)
    for name in (SUMMARY_FILE, TIMESERIES_FILE):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~mask
