"""The ``vcsim`` command (``sim/cli/commands.py``) and ``make run``'s announcement (``--dry-run``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import main_job, main_job_plan
from sim.cli.commands import COMMANDS, main, usage

ROOT = Path(__file__).resolve().parents[1]
README_SECTION = ROOT / "docs" / "readme" / "00-intro.md"


def test_the_console_script_is_installed_and_lists_every_command():
    script = Path(sys.executable).parent / "vcsim"
    assert script.exists(), "pip install -e . installs the vcsim console script"
    proc = subprocess.run([str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[0] for line in proc.stdout.split("commands:")[1].split("examples:")[0]
              .strip().splitlines()]
    assert listed == list(COMMANDS)


def test_every_example_names_a_known_command():
    for name, command in COMMANDS.items():
        assert command.examples, name
        for example in command.examples:
            assert example.split()[:2] == ["vcsim", name], example


@pytest.mark.parametrize("name", ["run", "plan", "animate", "bench", "main-job", "collect"])
def test_help_of_a_command_is_the_tools_help_then_examples(name, capsys):
    try:
        code = main([name, "--help"])  # Hydra's help returns
    except SystemExit as done:  # argparse's exits
        code = done.code
    assert code in (0, None)
    out = capsys.readouterr().out
    assert out.rstrip().endswith(COMMANDS[name].examples[-1])
    assert len(out.splitlines()) > len(COMMANDS[name].examples) + 3  # the tool's own help first


def test_an_unknown_command_is_one_line_and_exit_2(capsys):
    assert main(["simulate"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: command='simulate': unknown command; allowed: run")


def test_no_arguments_print_the_usage(capsys):
    assert main([]) == 0
    assert capsys.readouterr().out.strip() == usage()


def test_vcsim_run_writes_what_python_m_sim_run_writes(tmp_path):
    args = ["village=small", "days=20", "seed=3", "strategy=ring_zoning"]
    script = str(Path(sys.executable).parent / "vcsim")
    for name, cmd in (("script", [script, "run"]), ("module", [sys.executable, "-m", "sim.run"])):
        proc = subprocess.run([*cmd, *args, f"hydra.run.dir={tmp_path / name}"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "script" / "timeseries.csv"),
                                  pd.read_csv(tmp_path / "module" / "timeseries.csv"))


def test_the_readme_names_every_command():
    text = README_SECTION.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`vcsim {name}" in text, name


def test_main_job_dry_run_says_what_and_how_long_and_makes_nothing(tmp_path, capsys):
    out = tmp_path / "never"
    assert main_job.main(["--dry-run", "--seeds", "2", "--village", "small", "--days", "30",
                          "--strategies", "baseline,ring_zoning", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2 strategy presets (baseline, ring_zoning) x 2 seeds on village=small, 30 days: 4 runs" in said
    assert "in all about" in said and str(out) in said
    assert not out.exists()


def test_the_estimate_grows_with_seeds_and_days():
    small = main_job_plan.plan_main_job(seeds=2, village="small", days=30, strategies=["baseline"])
    more = main_job_plan.plan_main_job(seeds=4, village="small", days=120, strategies=["baseline"])
    assert more.work.runs == 2 * small.work.runs
    assert more.work.seconds > small.work.seconds


def test_run_help_says_what_it_runs_and_what_the_planning_group_is(capsys):
    try:
        code = main(["run", "--help"])
    except SystemExit as done:  # Hydra's help exits 0 when run as the entry point
        code = done.code
    assert code in (0, None)
    out = capsys.readouterr().out
    assert out.startswith("vcsim run: one simulated season (python -m sim.run [overrides])")
    assert "planning: compare_presets" in out and "python -m analysis.plan FILE" in out
