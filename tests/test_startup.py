"""Fixed costs paid once: Mesa's core without its extras, one Hydra composition per run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from hydra._internal.hydra import Hydra

from sim.cli.hydra_mode import _mode
from sim.run import main

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("pandas", "networkx", "scipy.spatial", "mesa.batchrunner")


def _python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_headless_run_does_not_import_mesas_extras():
    code = ("import sys, json; from sim.cli.compose import compose_params; "
            "from sim.simulate import simulate; simulate(compose_params(['village=small', 'days=3'])); "
            f"print(json.dumps([m for m in {EXTRAS!r} if m in sys.modules]))")
    assert json.loads(_python(code)) == []


def test_mesa_is_complete_on_first_use_of_its_own_attributes():
    code = ("import sim, mesa; from sim.mesa_core import is_complete; before = is_complete(mesa); "
            "from mesa.model import Model; after_core = is_complete(mesa); version = mesa.__version__; "
            "print(before, after_core, is_complete(mesa), version.startswith('3.3'), mesa.Model is Model)")
    assert _python(code).split() == ["False", "False", "True", "True", "True"]


def _sets_hydra_mode(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    hydra_section = data.get("hydra")
    if isinstance(hydra_section, dict) and "mode" in hydra_section:
        return True
    return "hydra.mode" in data


def test_no_config_file_sets_the_hydra_mode():
    """The single composition relies on this (sim.cli.hydra_mode)."""
    files = [*ROOT.joinpath("configs").rglob("*.yaml"), *ROOT.joinpath("experiments").rglob("*.yaml")]
    assert len(files) > 20
    assert [f for f in files if _sets_hydra_mode(yaml.safe_load(f.read_text()))] == []


def test_the_mode_is_read_from_the_command_line():
    assert _mode(["village=small"]) is None
    assert _mode(["hydra.mode=MULTIRUN", "seed=1"]).name == "MULTIRUN"
    assert _mode(["hydra.mode=MULTIRUN", "hydra.mode=RUN"]).name == "RUN"


def test_a_single_run_composes_its_configuration_once(tmp_path, monkeypatch):
    calls = []
    original = Hydra.compose_config

    def counting(self, *args, **kwargs):
        calls.append(kwargs.get("run_mode"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Hydra, "compose_config", counting)
    main(["village=small", "days=2", f"hydra.run.dir={tmp_path / 'run'}"])
    assert len(calls) == 1
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["days"] == 2
    assert Hydra.get_mode is not None and "lambda" not in Hydra.get_mode.__qualname__  # restored


def test_the_allocator_setting_applies_on_glibc():
    from sim.allocator import keep_freed_memory

    libc = sys.platform.startswith("linux") and "glibc" in " ".join(__import__("platform").libc_ver())
    assert keep_freed_memory() is bool(libc)
