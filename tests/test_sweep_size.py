"""A sweep's estimated size: workers read from the launcher, refusal above the limits."""

from __future__ import annotations

import io
import os

import pytest

import sim.estimate_batch
from sim.cli.compose import compose_params
from sim.cli.sweep_size import check_sweep_size, launcher_workers
from sim.errors import ConfigError


@pytest.mark.parametrize(("launcher", "workers"), [
    (None, 1), ({"_target_": "hydra._internal.core_plugins.basic_launcher.BasicLauncher"}, 1),
    ({"n_jobs": 2}, 2), ({"n_jobs": -1}, os.cpu_count() or 1), ({"n_jobs": -(os.cpu_count() or 1) - 5}, 1),
    ({"array_parallelism": 64}, 64), ({"n_jobs": True}, 1),
])
def test_workers_come_from_the_launcher(launcher: dict | None, workers: int) -> None:
    assert launcher_workers(launcher) == workers


def test_a_small_sweep_prints_its_estimate_and_a_big_one_needs_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    small = compose_params(["village=small", "days=10"])
    out = io.StringIO()
    work = check_sweep_size([small] * 4, {"n_jobs": 2}, yes=False, stream=out)
    assert out.getvalue() == f"estimate: {work}\n" and work.runs == 4 and not work.too_big
    monkeypatch.setattr(sim.estimate_batch, "MAX_RUNS", 3)  # the same 4 runs are now too many
    refusal = r"^hydra\.sweeper\.yes: 4 runs, about .* add hydra\.sweeper\.yes=true"
    with pytest.raises(ConfigError, match=refusal):
        check_sweep_size([small] * 4, {"n_jobs": 2}, yes=False, stream=io.StringIO())
    assert check_sweep_size([small] * 4, {"n_jobs": 2}, yes=True, stream=io.StringIO()).too_big
