"""Shared helpers: small, fast parameter sets composed through the real configs."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from sim.compose import compose_params
from sim.params.run import RunParams

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def small() -> Callable[..., RunParams]:
    """``small("seed=3", "days=40")`` -> params on the small village (60 days by default)."""

    def make(*overrides: str) -> RunParams:
        return compose_params(["village=small", "days=60", *overrides])

    return make
