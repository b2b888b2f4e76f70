"""Shared helpers: small, fast parameter sets composed through the real configs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.params.run_params import RunParams

os.environ.setdefault("MPLBACKEND", "Agg")
# Stored warm-ups go into the test cache, not the user's (runs in subprocesses inherit it).
os.environ.setdefault("VCSIM_CACHE_DIR", str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "vcsim"))


@pytest.fixture
def small() -> Callable[..., RunParams]:
    """``small("seed=3", "days=40")`` -> params on the small village (60 days by default)."""

    def make(*overrides: str) -> RunParams:
        return compose_params(["village=small", "days=60", *overrides])

    return make


def preset(strategy: str) -> list[str]:
    """Overrides that pick ``strategy`` with its staff: organisation presets (foshan_2020,
    jiayu, zeku) need the staffing of their own name; the others run with the default."""
    staffing = config_groups(CONFIG_DIR)["staffing"]
    return [f"strategy={strategy}", *([f"staffing={strategy}"] if strategy in staffing else [])]


def new_shape(name: str, roles: str, work: str = "visit") -> str:
    """The override adding team shape ``name`` with ``roles`` (``"cadre:1,nurse:1"``): every
    field of a shape must be given."""
    rest = "fallback:'',area_mode:home,hours_per_day:null"
    return f"+team_shapes.{name}={{roles:{{{roles}}},work:{work},{rest}}}"


@pytest.fixture(scope="module")
def weather_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where property tests write the daily weather files of their examples."""
    return tmp_path_factory.mktemp("weather")
