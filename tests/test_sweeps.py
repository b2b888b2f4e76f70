"""Sweeps: named experiments, launchers, resuming, failure isolation and the main job.

Real (tiny) sweeps on the small village: every experiment file composes with every
swept value, runs tiny, and the sweeps' folders are collected correctly.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hydra import compose, initialize_config_dir
from hydra.core.config_search_path import ConfigSearchPath
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import IntervalSweep
from omegaconf import OmegaConf

import sim.cli.job
import sim.run
from analysis import main_job, main_job_docs, main_job_plan
from analysis.collect import collect_runs
from analysis.compare import compare_runs
from analysis.figure_runs import tornado
from hydra_plugins.vcsim_searchpath import EXPERIMENTS_DIR, VcsimSearchPathPlugin
from hydra_plugins.vcsim_sweepers import one_at_a_time_variants
from sim.cli.compose import compose_params
from sim.cli.objective import objective_from_config, objective_value
from sim.cli.validate import check_config
from sim.config import params_from_config
from sim.errors import ConfigError
from sim.simulate import simulate

REPO = Path(__file__).resolve().parents[1]
CONFIG_DIR = str(REPO / "configs")
EXPERIMENTS = sorted(p.stem for p in (REPO / "experiments" / "experiment").glob("*.yaml"))
GROUPS = ("village", "disease", "vector", "strategy", "staffing")
TINY = ("village=small", "days=15")
#: A district experiment runs at a hundredth of its census (Shunde: about 30,000 residents).
TINY_DISTRICT_SCALE = 0.01


def run_sweep(sweep_dir: Path, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """``python -m sim.run -m ARGS hydra.sweep.dir=SWEEP_DIR`` in a subprocess."""
    cmd = [sys.executable, "-m", "sim.run", "-m", *args, f"hydra.sweep.dir={sweep_dir}"]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def swept_values(key: str, raw: Any) -> list[Any]:
    """Typed values a sweeper parameter stands for (an interval: its two ends)."""
    override = OverridesParser.create().parse_override(f"{key}={raw}")
    if not override.is_sweep_override():
        return [override.value()]
    value = override.value()
    if isinstance(value, IntervalSweep):
        return [value.start, value.end]
    return list(override.sweep_iterator())


def experiment_sweep(name: str) -> tuple[dict[str, list[Any]], dict[str, list[Any]], Any]:
    """``(params, one_at_a_time, hydra config)`` of an experiment, values expanded."""
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose("config", overrides=[f"+experiment={name}"], return_hydra_config=True)
    GlobalHydra.instance().clear()
    sweeper = cfg.hydra.sweeper
    params = {k: swept_values(k, v) for k, v in (sweeper.get("params") or {}).items()}
    oat = {k: swept_values(k, v) for k, v in (sweeper.get("one_at_a_time") or {}).items()}
    return params, oat, cfg.hydra


def composed(overrides: list[str]) -> dict[str, Any]:
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose("config", overrides=overrides)
    GlobalHydra.instance().clear()
    return OmegaConf.to_container(cfg, resolve=True)


def set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    *parents, leaf = key.lstrip("+").split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[leaf] = value


# --- the search path and the one-at-a-time sweeper --------------------------------------


class _SearchPath:
    """The part of Hydra's ``ConfigSearchPath`` the plugin uses (without Hydra's internals)."""

    def __init__(self) -> None:
        self.elements: list[Any] = []

    def get_path(self) -> list[Any]:
        return list(self.elements)

    def append(self, provider: str, path: str) -> None:
        self.elements.append(SimpleNamespace(provider=provider, path=path))


def test_search_path_plugin_appends_experiments_once():
    path: ConfigSearchPath = _SearchPath()  # type: ignore[assignment]
    plugin = VcsimSearchPathPlugin()
    plugin.manipulate_search_path(path)
    plugin.manipulate_search_path(path)
    entries = [e.path for e in path.get_path()]
    assert entries == [f"file://{EXPERIMENTS_DIR}"]
    assert (EXPERIMENTS_DIR / "experiment" / "quick.yaml").is_file()


def test_experiments_are_found_from_another_working_directory(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sim.run", "--info", "searchpath"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"file://{EXPERIMENTS_DIR}" in proc.stdout


def test_one_at_a_time_variants_move_one_key_each():
    spec = {"a": "1,2", "b": "range(0,2)", "c": "x"}
    assert one_at_a_time_variants(spec) == [[], ["a=1"], ["a=2"], ["b=0"], ["b=1"], ["c=x"]]
    assert one_at_a_time_variants(spec, skip=["+b"], include_default=False) == [
        ["a=1"], ["a=2"], ["c=x"]]


# --- every experiment file ----------------------------------------------------------------


def test_compare_strategies_lists_every_strategy_preset():
    assert main_job_plan.experiment_strategies() == [
        "baseline", "routine", "full_cadre", "ring_zoning", "three_person_team",
        "publicity_only", "shunde_2025"]
    assert set(main_job_plan.experiment_strategies()) == set(main_job_plan.available_strategies())


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_experiment_composes_with_every_swept_value(name):
    """Compose each experiment and validate every value of every swept key."""
    text = (REPO / "experiments" / "experiment" / f"{name}.yaml").read_text()
    assert text.startswith("# @package _global_")
    params, oat, hydra_cfg = experiment_sweep(name)
    assert params, "an experiment pins its grid in hydra.sweeper.params"
    assert "seed" in params, "an experiment pins its seeds"
    assert hydra_cfg.launcher._target_ == "hydra_plugins.vcsim_launcher.PoolLauncher"
    firsts = [f"{k}={v[0]}" for k, v in params.items()]
    base = composed([f"+experiment={name}", *firsts])
    params_from_config(base)
    for key, values in {**params, **oat}.items():
        for value in values[1:] if key in params else values:
            if key in GROUPS:
                others = [o for o in firsts if not o.startswith(f"{key}=")]
                params_from_config(composed([f"+experiment={name}", *others, f"{key}={value}"]))
            else:
                data = copy.deepcopy(base)
                set_dotted(data, key, value)
                params_from_config(data)


def tiny_args(name: str) -> list[str]:
    """Command line for a tiny version of an experiment: one value per grid key.

    A one-at-a-time design keeps its first two parameters moving; the others are pinned
    on the command line (which the sweeper then leaves alone).
    """
    params, oat, hydra_cfg = experiment_sweep(name)
    args = [f"+experiment={name}", *TINY, "hydra/launcher=basic"]
    if composed([f"+experiment={name}"])["district"]["villages"]:  # a district: its smallest scale
        args.append(f"district.scale={TINY_DISTRICT_SCALE}")
    if "optuna" in hydra_cfg.sweeper._target_.lower():
        return [*args, "hydra.sweeper.n_trials=2"]
    pinned = {**params, **dict(list(oat.items())[2:])}
    return [*args, *(f"{k}={v[0]}" for k, v in pinned.items())]


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPERIMENTS)
def test_every_experiment_runs_tiny(name, tmp_path):
    run_sweep(tmp_path, *tiny_args(name))
    result = collect_runs(tmp_path)
    assert not result.failed and not result.unfinished
    assert len(result.runs) >= 1
    assert set(result.runs["experiment"]) == {name}
    if name == "optimise_staffing":
        best = yaml.safe_load((tmp_path / "optimization_results.yaml").read_text())
        assert isinstance(best["best_value"], float)
        assert set(best["best_params"]) >= {"staffing.pool.cadre", "staffing.pool.grid_worker"}
    if name == "sensitivity":
        _, oat, _ = experiment_sweep(name)
        moved = dict(list(oat.items())[:2])
        assert len(result.runs) == 1 + sum(len(v) for v in moved.values())
        for key in moved:  # each variant moved exactly one parameter
            assert sorted(result.runs[key].dropna()) == sorted(moved[key])
        assert tornado(result.runs, list(moved)) is not None


def test_slurm_example_launcher_composes():
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose("config", overrides=["+experiment=quick", "hydra/launcher=slurm_example"],
                      return_hydra_config=True)
    GlobalHydra.instance().clear()
    launcher = cfg.hydra.launcher
    assert launcher._target_.endswith("SlurmLauncher")
    assert launcher.cpus_per_task == 1 and launcher.array_parallelism > 0


# --- the objective for optimisers --------------------------------------------------------


def test_objective_penalises_person_days_over_budget():
    objective = objective_from_config({"budget_person_days": 100, "penalty_per_person_day": 2})
    assert objective_value({"total_infections": 50, "person_days_total": 80}, objective) == 50.0
    assert objective_value({"total_infections": 50, "person_days_total": 130}, objective) == 110.0
    assert objective_value(None, objective) is None
    with pytest.raises(ConfigError, match=r"objective\.budgt"):
        check_config({"objective": {"budgt": 1}})


# --- real sweeps: launchers, collect, resume, failures --------------------------------------


@pytest.fixture(scope="module")
def quick_sweep(tmp_path_factory) -> Path:
    """``+experiment=quick`` with its launcher (worker processes): 2 strategies x 2 seeds x 20 days."""
    folder = tmp_path_factory.mktemp("quick")
    run_sweep(folder, "+experiment=quick")
    return folder


def test_quick_sweep_is_collected(quick_sweep):
    result = collect_runs(quick_sweep)
    assert not result.failed and not result.unfinished
    runs = result.runs
    assert sorted(runs["run_id"]) == ["0", "1", "2", "3"]
    assert set(runs["strategy"]) == {"baseline", "ring_zoning"}
    assert sorted(runs["seed"]) == [0, 0, 1, 1]
    assert set(runs["days"]) == {20} and set(runs["village"]) == {"small"}
    assert len(result.timeseries) == 4 * 20
    table = compare_runs(runs, by="strategy", baseline="baseline")
    assert list(table["group"]) == ["baseline", "ring_zoning"]
    assert table.loc[1, "n_pairs"] == 2


def test_interrupted_sweep_resumes_without_redoing_finished_runs(quick_sweep, tmp_path):
    sweep = tmp_path / "sweep"
    shutil.copytree(quick_sweep, sweep)
    # Interrupted after two jobs: job 2 started (no summary yet), job 3 never started.
    original = json.loads((sweep / "2" / "summary.json").read_text())
    (sweep / "2" / "summary.json").unlink()
    (sweep / "2" / "timeseries.csv").unlink()
    shutil.rmtree(sweep / "3")
    before = {j: (sweep / j / "summary.json").stat().st_mtime_ns for j in ("0", "1")}
    proc = run_sweep(sweep, "+experiment=quick")
    assert (proc.stdout + proc.stderr).count("already finished, skipped") == 2
    for job in ("0", "1"):
        assert (sweep / job / "summary.json").stat().st_mtime_ns == before[job]
    redone = json.loads((sweep / "2" / "summary.json").read_text())
    same = {k: v for k, v in redone.items() if k != "wall_seconds"}
    assert same == {k: v for k, v in original.items() if k != "wall_seconds"}
    assert len(collect_runs(sweep).runs) == 4


@pytest.mark.slow
def test_submitit_local_runs_a_two_job_sweep(tmp_path):
    run_sweep(tmp_path, "+experiment=quick", "hydra/launcher=submitit_local",
              "strategy=baseline", "seed=0,1", "hydra.launcher.timeout_min=10")
    logs = list((tmp_path / ".submitit").rglob("*_log.out"))
    assert len(logs) == 2
    result = collect_runs(tmp_path)
    assert sorted(result.runs["run_id"]) == ["0", "1"]
    assert sorted(result.runs["seed"]) == [0, 1]
    assert not result.failed and not result.unfinished


@pytest.mark.slow
def test_the_ray_launcher_runs_a_two_job_sweep_on_a_local_instance(tmp_path, monkeypatch):
    """The optional Ray launcher (extra ``ray``, installed by ``make test``) on a Ray instance of
    two CPUs started for the sweep, bound to 127.0.0.1, without its dashboard."""
    pytest.importorskip("hydra_plugins.hydra_ray_launcher")
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")  # no token written under the home folder
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    run_sweep(tmp_path, "+experiment=quick", "hydra/launcher=ray", "strategy=baseline", "seed=0,1",
              "+hydra.launcher.ray.init.num_cpus=2", "+hydra.launcher.ray.init.include_dashboard=false",
              "+hydra.launcher.ray.init._node_ip_address=127.0.0.1")
    result = collect_runs(tmp_path)
    assert sorted(result.runs["seed"]) == [0, 1]
    assert not result.failed and not result.unfinished
    alone = simulate(compose_params(["+experiment=quick", "strategy=baseline", "seed=1"]))
    ray_run = json.loads((tmp_path / "1" / "summary.json").read_text())
    assert ray_run["total_infections"] == alone.summary["total_infections"]


@pytest.mark.slow
def test_a_district_sweep_runs_on_submitit_local(tmp_path):
    """The district experiment's sweep, made tiny, on the submitit launcher (each job a process)."""
    run_sweep(tmp_path, "+experiment=district_allocation", "hydra/launcher=submitit_local",
              "district=demo", "district.scale=1", "district.villages=3", "district.towns=1",
              "district.residents=1500",
              "district.command.organisations=1", "district.command.allocation=pairing,cases",
              "district.command.echelon_per_day=4", "seed=0", "days=10", "hydra.launcher.timeout_min=10")
    result = collect_runs(tmp_path)
    assert len(result.runs) == 2 and not result.failed and not result.unfinished
    for job in ("0", "1"):
        assert (tmp_path / job / "villages.csv").read_text().count("\n") == 1 + 3 * 10
    allocations = {json.loads((tmp_path / j / "summary.json").read_text())["district"]["allocation"]
                   for j in ("0", "1")}
    assert allocations == {"pairing", "cases"}


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path, monkeypatch):
    real = sim.cli.job._simulate

    def flaky(params, **kwargs):
        if params.seed == 1:
            raise RuntimeError("injected failure for seed 1")
        return real(params, **kwargs)

    monkeypatch.setattr(sim.cli.job, "_simulate", flaky)
    monkeypatch.setattr(sys, "argv", [sys.argv[0]])
    sweep = tmp_path / "sweep"
    try:
        code = sim.run.main(["-m", "+experiment=quick", "hydra/launcher=basic", "strategy=baseline",
                             "seed=0,1,2", *TINY, f"hydra.sweep.dir={sweep}"])
    finally:
        GlobalHydra.instance().clear()
    assert code == 1  # the others finished; tests/test_sweep_failures.py checks the report
    error = json.loads((sweep / "1" / "error.json").read_text())
    assert "RuntimeError: injected failure for seed 1" in error["error"]
    assert "seed=1" in error["overrides"] and "strategy=baseline" in error["overrides"]
    assert not (sweep / "1" / "summary.json").exists()
    config = yaml.safe_load((sweep / "1" / ".hydra" / "config.yaml").read_text())
    assert config["seed"] == 1 and config["strategy"]["name"] == "baseline"
    result = collect_runs(sweep)
    assert sorted(result.runs["run_id"]) == ["0", "2"]
    assert [f.run_id for f in result.failed] == ["1"]
    assert "injected failure" in result.failed[0].error


# --- the main job ------------------------------------------------------------------------------


@pytest.mark.slow
def test_main_job_runs_sweep_tables_figures_and_post_steps(tmp_path, monkeypatch):
    seen: list[main_job.MainJobResult] = []

    def post_step(result: main_job.MainJobResult) -> list[Path]:
        seen.append(result)
        path = result.sweep_dir / "post.txt"
        path.write_text("ok")
        return [path]

    monkeypatch.setattr(main_job, "POST_STEPS", [post_step])
    result = main_job.run_main_job(seeds=1, village="small", days=15, out=tmp_path / "mj",
                                   strategies=["baseline", "ring_zoning", "no_such_preset"])
    assert result.strategies == ["baseline", "ring_zoning"]
    assert len(result.collected.runs) == 2 and not result.collected.failed
    assert (tmp_path / "mj" / "runs.csv").is_file()
    md = result.outputs["comparison_md"].read_text()
    assert "| baseline |" in md and "| ring_zoning |" in md
    names = {p.name for p in result.figures}
    assert "epidemic_curves.png" in names and "cases_boxplot.png" in names
    assert seen == [result] and result.post_outputs == [tmp_path / "mj" / "post.txt"]


def test_main_job_sweep_command_uses_the_experiment_and_the_worker_launcher(tmp_path):
    cmd = main_job.sweep_command(tmp_path, ["baseline", "routine"], 5, "default", jobs=2)
    assert cmd[1:5] == ["-m", "sim.run", "-m", "+experiment=compare_strategies"]
    assert "strategy=baseline,routine" in cmd and "seed=range(0,5)" in cmd
    assert "hydra/launcher=vcsim" in cmd and "hydra.launcher.n_jobs=2" in cmd


def test_replace_doc_block_keeps_the_rest_of_the_page(tmp_path):
    doc = tmp_path / "page.md"
    doc.write_text("intro\n<!-- BEGIN x -->\nold\n<!-- END x -->\noutro\n")
    main_job_docs.replace_doc_block("x", "new table\n", doc)
    assert doc.read_text() == "intro\n<!-- BEGIN x -->\nnew table\n<!-- END x -->\noutro\n"
    with pytest.raises(ValueError, match="no <!-- BEGIN y -->"):
        main_job_docs.replace_doc_block("y", "z", doc)


def test_main_job_rejects_unknown_strategies_without_running(capsys):
    assert main_job.main(["--strategies", "no_such_preset"]) == 2
    assert "none of the strategies" in capsys.readouterr().err
