"""Which action did what, for groups of runs already made: paired runs with each action off.

For every run given (a planning scenario's or a sweep's, other than the
baseline) the run is made again with each of its actions switched off in turn
(:func:`analysis.decompose.actions_of`), with the same seed, so the same random
streams; an action's share of the averted infections is the mean paired
increase in infections over the group's runs. It costs one run per action and
run, hence it is opt-in: ``decompose: true`` in a planning file
(:func:`action_table`) and ``--decompose`` in ``analysis.compare``
(:func:`averted_by_action`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.decompose import actions_of
from analysis.paired_runs import infections
from analysis.runner import run_many
from sim.cli.compose import compose_params

if TYPE_CHECKING:
    from analysis.scenario_plan import Plan
    from sim.params.run_params import RunParams

__all__ = ["COLUMNS", "MadeRun", "action_runs", "action_table", "averted_by_action"]

#: Columns of the table, in order.
COLUMNS = ("group", "action", "averted_mean", "averted_low", "averted_high", "n_pairs")


@dataclass(frozen=True)
class MadeRun:
    """A run already made: its group, the overrides that made it (seed included), its infections."""

    group: str
    overrides: tuple[str, ...]
    infections: float


def _actions(run: MadeRun) -> list[tuple[str, tuple[str, ...]]]:
    """The run's actions; the seed does not decide them, so runs of one configuration share a
    composition (:func:`sim.cli.compose.compose_config` remembers it)."""
    return actions_of(compose_params([o for o in run.overrides if not o.startswith("seed=")]))


def averted_by_action(runs: Sequence[MadeRun], workers: int = 2, stream: IO[str] | None = None
                      ) -> pd.DataFrame:
    """Infections each group's actions avert, from paired runs with the action switched off.

    Returns:
        One row per group and action (:data:`COLUMNS`): mean, lowest and highest
        paired increase in infections when the action is off, over the group's runs.
    """
    variants = [(run, label, (*run.overrides, *off)) for run in runs for label, off in _actions(run)]
    counts = run_many(infections, [v[2] for v in variants], workers=workers, desc="actions switched off",
                      stream=stream)
    added: dict[tuple[str, str], list[float]] = {}
    for (run, label, _), n in zip(variants, counts, strict=True):
        added.setdefault((run.group, label), []).append(n - float(run.infections))
    rows = [{"group": group, "action": label, "averted_mean": float(np.mean(d)),
             "averted_low": float(np.min(d)), "averted_high": float(np.max(d)), "n_pairs": len(d)}
            for (group, label), d in added.items()]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def action_table(plan: Plan, runs: pd.DataFrame, workers: int = 2, stream: IO[str] | None = None
                 ) -> pd.DataFrame:
    """:func:`averted_by_action` for every scenario of a plan but its baseline.

    Args:
        plan: the validated scenario file.
        runs: the plan's runs (``scenario``, ``seed``, ``total_infections``).
        workers: parallel runs.
        stream: where the progress bar goes (default stderr).

    Returns:
        The table with its ``group`` column named ``scenario``.
    """
    full = runs.set_index(["scenario", "seed"])["total_infections"]
    made = [MadeRun(sc.name, tuple(sc.overrides_for(seed)), float(full[sc.name, seed]))
            for sc in plan.scenarios[1:] for seed in plan.seeds]
    table = averted_by_action(made, workers, stream)
    return table.drop(columns="n_pairs").rename(columns={"group": "scenario"})


def action_runs(plan: Plan) -> list[RunParams]:
    """The runs :func:`action_table` will make (one per scenario, action and seed), for the
    planner's estimate of the work; the seed does not change the cost."""
    return [sc.params for sc in plan.scenarios[1:] for _ in actions_of(sc.params) for _ in plan.seeds]
