"""A sweep whose jobs failed runs the others, names each failed job on stderr and exits 1.

In this process with Hydra's basic launcher (failures injected with monkeypatch), and in a
subprocess with every launcher (a ``sitecustomize`` on ``PYTHONPATH`` makes the job of
seed 1 fail in whichever process runs it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hydra.core.global_hydra import GlobalHydra
from hydra.core.utils import JobReturn, JobStatus
from omegaconf import OmegaConf

import sim.cli.job
import sim.run
from sim.cli.sweep_outcome import JobOutcome, SweepOutcome, TaskFailed, outcome_of
from sim.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SWEEP = ("seed=0,1,2", "village=small", "days=3")

#: Imported by every Python process of a subprocess sweep: job seed=1 raises.
INJECT = '''
import importlib.abc, importlib.util, sys

class _Inject(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "sim.cli.job":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            real = module._simulate

            def flaky(params, progress=None):
                if params.seed == 1:
                    raise RuntimeError("injected failure for seed 1")
                return real(params, progress=progress)

            module._simulate = flaky

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _Inject())
'''

#: Hydra's basic launcher runs jobs in this process: the tests above use it.
LAUNCHERS = {
    "vcsim": ("hydra/launcher=vcsim", "hydra.launcher.n_jobs=2"),
    "joblib": ("hydra/launcher=joblib", "hydra.launcher.n_jobs=2"),
    "submitit_local": ("hydra/launcher=submitit_local", "hydra.launcher.timeout_min=10"),
}


def _main(argv: list[str], monkeypatch) -> int:
    monkeypatch.setattr(sys, "argv", [sys.argv[0]])
    try:
        return sim.run.main(argv)
    finally:
        GlobalHydra.instance().clear()


def test_failed_jobs_are_named_and_the_sweep_exits_1(tmp_path, monkeypatch, capsys):
    """Bad input found by the model, an exception in the run, and one outside the run."""
    real = sim.cli.job._simulate
    real_remove = sim.cli.job.remove_stale_outputs

    def flaky(params, progress=None):
        if params.seed == 1:
            raise ConfigError("seed", 1, "injected")
        if params.seed == 2:
            raise RuntimeError("boom")
        return real(params, progress=progress)

    def remove(folder):
        if Path(folder).name == "3":
            raise KeyError("outside the run")
        real_remove(folder)

    monkeypatch.setattr(sim.cli.job, "_simulate", flaky)
    monkeypatch.setattr(sim.cli.job, "remove_stale_outputs", remove)
    sweep = tmp_path / "sweep"
    code = _main(["-m", "seed=0,1,2,3", "village=small", "days=3", f"hydra.sweep.dir={sweep}"], monkeypatch)
    assert code == 1
    lines = capsys.readouterr().err.strip().splitlines()[-4:]
    assert lines[:3] == ["failed: job 1 (seed=1): ConfigError: seed=1: injected",
                         "failed: job 2 (seed=2): RuntimeError: boom",
                         "failed: job 3 (seed=3): KeyError: 'outside the run'"]
    records = ", ".join(str(sweep / j / "error.json") for j in "123")
    assert lines[3] == f"1 of 4 jobs finished; 3 failed (see {records})"
    assert (sweep / "0" / "summary.json").exists()
    # the failure outside the run was recorded by the sweeper, so collect sees it too
    assert json.loads((sweep / "3" / "error.json").read_text())["error"] == "KeyError: 'outside the run'"


def test_a_resumed_sweep_counts_only_its_own_jobs(tmp_path, monkeypatch, capsys):
    sweep = tmp_path / "sweep"
    args = ["-m", *SWEEP, f"hydra.sweep.dir={sweep}"]
    real = sim.cli.job._simulate

    def flaky(params, progress=None):
        if params.seed == 1:
            raise RuntimeError("down")
        return real(params, progress=progress)

    monkeypatch.setattr(sim.cli.job, "_simulate", flaky)
    assert _main(args, monkeypatch) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("2 of 3 jobs finished; 1 failed")
    monkeypatch.setattr(sim.cli.job, "_simulate", real)
    assert _main(args, monkeypatch) == 0  # the failed job runs again and finishes; the others are skipped
    out, err = capsys.readouterr()
    assert (out + err).count("already finished, skipped") == 2
    assert "failed" not in err and not (sweep / "1" / "error.json").exists()


@pytest.mark.parametrize("launcher", list(LAUNCHERS))
def test_every_launcher_reports_failed_jobs(launcher, tmp_path):
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(INJECT)
    sweep = tmp_path / "sweep"
    env = {**os.environ, "PYTHONPATH": str(inject)}
    proc = subprocess.run([sys.executable, "-m", "sim.run", "-m", *SWEEP, *LAUNCHERS[launcher],
                           f"hydra.sweep.dir={sweep}"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert proc.stderr.strip().splitlines()[-2:] == [
        "failed: job 1 (seed=1): RuntimeError: injected failure for seed 1",
        f"2 of 3 jobs finished; 1 failed (see {sweep / '1' / 'error.json'})"]
    assert sorted(p.parent.name for p in sweep.glob("*/summary.json")) == ["0", "2"]


def test_the_report_names_only_what_varies_and_shortens_long_lists(tmp_path):
    jobs = [JobOutcome(i, ("village=small", f"seed={i}", "days=3"),
                       None if i == 0 else f"RuntimeError: {i}", tmp_path / str(i) / "error.json")
            for i in range(6)]
    lines = SweepOutcome(tmp_path, jobs).report()
    assert lines[0] == "failed: job 1 (seed=1): RuntimeError: 1"
    assert lines[-1].startswith("1 of 6 jobs finished; 5 failed (see ")
    assert lines[-1].endswith(f"{tmp_path / '3' / 'error.json'}, ...)")
    assert SweepOutcome(tmp_path, jobs[:1]).report() == []
    alone = SweepOutcome(tmp_path, [JobOutcome(0, ("seed=0",), "RuntimeError: x")]).report()
    assert alone == ["failed: job 0 (seed=0): RuntimeError: x", "0 of 1 jobs finished; 1 failed"]


def test_a_job_whose_worker_died_is_a_failed_job():
    died = JobReturn(overrides=["seed=4"], status=JobStatus.FAILED, _return_value=OSError("worker killed"))
    assert outcome_of(died, 4) == JobOutcome(4, ("seed=4",), "OSError: worker killed", None)
    raised = JobReturn(overrides=["seed=5"], status=JobStatus.FAILED,
                       _return_value=TaskFailed("KeyError: 'x'"),
                       hydra_cfg=OmegaConf.create({"hydra": {"job": {"num": 5}}}))
    assert outcome_of(raised, 0).error == "KeyError: 'x'" and outcome_of(raised, 0).num == 5
    done = JobReturn(overrides=["seed=6"], status=JobStatus.COMPLETED, _return_value={"population": 1})
    assert outcome_of(done, 6).error is None


def test_an_optuna_sweep_names_its_failed_trials_and_exits_1(tmp_path):
    """Hydra's Optuna sweeper hands no returns on: the callback reads them from the sweep folder."""
    pytest.importorskip("hydra_plugins.hydra_optuna_sweeper")
    inject = tmp_path / "inject"
    inject.mkdir()
    # trials with more than 100 cadres fail (the sampler is seeded: some of 6 trials do)
    fails = INJECT.replace("params.seed == 1", 'params.staffing.pool["cadre"] > 100')
    (inject / "sitecustomize.py").write_text(fails)
    sweep = tmp_path / "sweep"
    cmd = [sys.executable, "-m", "sim.run", "-m", "+experiment=optimise_staffing", "village=small", "days=3",
           "hydra.sweeper.n_trials=6", f"hydra.sweep.dir={sweep}"]
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(inject)}, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-3000:]
    lines = proc.stderr.strip().splitlines()
    failed = [line for line in lines if line.startswith("failed: job ")]
    assert failed and all("RuntimeError: injected failure" in line for line in failed)
    errors = sorted(p.parent.name for p in sweep.glob("*/error.json"))
    assert [line.split()[2] for line in failed] == errors  # exactly the jobs with an error record
    assert lines[-1].startswith(f"{6 - len(errors)} of 6 jobs finished; {len(errors)} failed (see ")
    assert len(list(sweep.glob("*/summary.json"))) == 6 - len(errors)
