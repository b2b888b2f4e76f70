"""A sweep's worker processes end soon after the sweep's process ends, however it ends.

Each test starts a sweep of jobs that run several seconds, waits until a job has started
in a worker, collects every process below the sweep's process (from ``/proc``), signals the
sweep's process alone and then waits (generously) until none of them is left. Linux only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.cli.sweep_watch import ENV, sweep_token, watch_sweep_process

ROOT = Path(__file__).resolve().parents[1]
# about 7 s a job (1 s per 400 days) so that no job can end between the first start and the signal
LONG_JOBS = ("seed=0,1,2,3", "village=small", "days=3000")
LAUNCHERS = {
    "joblib": ("hydra/launcher=joblib", "hydra.launcher.n_jobs=2"),
    "vcsim": ("hydra/launcher=vcsim", "hydra.launcher.n_jobs=2"),
    "submitit_local": ("hydra/launcher=submitit_local", "hydra.launcher.timeout_min=10"),
}
#: Seconds the processes get to end after the sweep's process has ended (they take about 1).
GRACE = 15.0

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _below(pid: int) -> set[int]:
    """Every process below ``pid``."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        for children in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                kids = {int(c) for c in children.read_text().split()}
            except OSError:
                continue
            todo.extend(kids - found)
            found |= kids
    return found


def _wait_until(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _start(sweep: Path, launcher: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sim.run", "-m", *LONG_JOBS, *LAUNCHERS[launcher],
           f"hydra.sweep.dir={sweep}"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _signal_and_check(tmp_path: Path, launcher: str, sig: signal.Signals) -> tuple[int, str]:
    """Run the sweep, signal it once a job runs; return its exit status and stderr."""
    sweep = tmp_path / "sweep"
    proc = _start(sweep, launcher)
    try:
        started = _wait_until(lambda: any(sweep.glob("*/run.log")) or proc.poll() is not None, 240)
        assert started and proc.poll() is None, proc.stderr.read() if proc.poll() is not None else ""
        time.sleep(1.0)  # let the other workers start their jobs
        workers = _below(proc.pid)
        assert workers, "no worker process"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        assert _wait_until(lambda: not any(_alive(p) for p in workers), GRACE), \
            f"still running: {sorted(p for p in workers if _alive(p))}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert len(list(sweep.glob("*/summary.json"))) < 4, "every job ran to its end"
    return proc.returncode, err


@pytest.mark.parametrize("launcher", list(LAUNCHERS))
def test_killed_sweep_leaves_no_worker(launcher, tmp_path):
    code, _ = _signal_and_check(tmp_path, launcher, signal.SIGKILL)
    assert code == -signal.SIGKILL


def test_terminated_sweep_leaves_no_worker(tmp_path):
    code, _ = _signal_and_check(tmp_path, "joblib", signal.SIGTERM)
    assert code == -signal.SIGTERM


@pytest.mark.parametrize("launcher", ["joblib", "vcsim"])
def test_interrupted_sweep_leaves_no_worker_and_exits_non_zero(launcher, tmp_path):
    code, err = _signal_and_check(tmp_path, launcher, signal.SIGINT)
    assert code == 130, err[-2000:]
    assert err.strip().splitlines()[-1] == "interrupted", err[-2000:]


def test_a_job_whose_sweep_is_gone_does_not_start(tmp_path):
    """A worker that reaches its first job after the sweep's process ended exits at once."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    token = sweep_token(gone.pid)
    gone.wait()
    code = ("import sim.cli.sweep_watch as w, time; w.watch_sweep_process(); time.sleep(30); print('ran')")
    env = {**os.environ, ENV: token}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3 and "ran" not in proc.stdout
    assert "has ended" in proc.stderr


def test_the_sweep_process_itself_and_other_machines_are_not_watched(monkeypatch):
    monkeypatch.setenv(ENV, sweep_token())
    assert not watch_sweep_process()  # this process is the sweep's
    pid, start, _ = sweep_token(os.getppid()).split(":", 2)
    monkeypatch.setenv(ENV, f"{pid}:{start}:another-host/boot")
    assert not watch_sweep_process()
    monkeypatch.delenv(ENV)
    assert not watch_sweep_process()
