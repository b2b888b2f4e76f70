"""Run one simulation from parameters to results (no files, no Hydra)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.degenerate import degenerate_warnings
from sim.metrics import summarise
from sim.model import CampaignModel
from sim.params.run_params import RunParams

__all__ = ["RunResult", "release_model", "simulate"]

ProgressCallback = Callable[[int, int], None]


@dataclass
class RunResult:
    """Outputs of one run.

    Attributes:
        timeseries: daily columns (see :data:`sim.metrics.DAILY_COLUMNS`).
        summary: scalar outcomes (``summary.json``).
        events: campaign event rows if the event log was on, else None.
        files: further output files by name (a district's ``villages.csv`` and
            ``places.csv``), as text.
    """

    timeseries: dict[str, np.ndarray]
    summary: dict[str, Any]
    events: list[dict[str, Any]] | None = None
    files: dict[str, str] = field(default_factory=dict)


def simulate(params: RunParams, progress: ProgressCallback | None = None,
             model: CampaignModel | None = None) -> RunResult:
    """Run ``params.days`` days and return the daily table and the summary.

    Args:
        params: validated run parameters.
        progress: called as ``progress(day_done, days)`` after each day.
        model: an already-built model to run (for callers that inspect it).
    """
    if params.district.enabled and model is None:
        from sim.district.run import simulate_district

        return simulate_district(params, progress)
    start = time.perf_counter()
    model = model or CampaignModel(params)
    try:
        for _ in range(params.days):
            model.step()
            if progress is not None:
                progress(model.day, params.days)
        summary = summarise(model, time.perf_counter() - start)
        summary["warnings"] = degenerate_warnings(params, summary)
        events = model.campaign.events if params.event_log else None
        return RunResult(model.recorder.table(), summary, events)
    finally:
        release_model(model)


def release_model(model: CampaignModel) -> None:
    """Let Mesa forget a finished model.

    Mesa 3.3 keeps every model in a class-level registry of agent ids (fixed upstream
    after 3.3, mesa issue #3179); without this, each run in a long-lived process
    (sweeps, the planner, tests) keeps about 0.7 MB alive; Mesa's grids also register their
    cell class in ``copyreg.dispatch_table`` for pickling, which is cleared too.
    """
    import copyreg

    from mesa.agent import Agent

    registry = getattr(Agent, "_ids", None)
    if isinstance(registry, dict):
        registry.pop(model, None)
    # Mesa 3.3 registers each grid's own cell class (holding the grid's data) for pickling.
    grid = getattr(model, "grid", None)
    copyreg.dispatch_table.pop(getattr(grid, "cell_klass", None), None)
