"""Which action did what, for every scenario of a planning report (``decompose: true``).

For each scenario other than the baseline, and each seed of the plan, the
scenario is run again with each of its actions switched off in turn
(:func:`analysis.decompose.actions_of`); an action's share of the averted
infections is the mean paired increase over the scenario's own runs (same
seeds, so same random streams). It costs one run per action, scenario and
seed, hence it is opt-in.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.decompose import actions_of
from analysis.paired_runs import infections
from analysis.runner import run_many

if TYPE_CHECKING:
    from analysis.scenario_plan import Plan

__all__ = ["COLUMNS", "action_table"]

#: Columns of the table, in order.
COLUMNS = ("scenario", "action", "averted_mean", "averted_low", "averted_high")


def action_table(plan: Plan, runs: pd.DataFrame, workers: int = 2, stream: IO[str] | None = None
                 ) -> pd.DataFrame:
    """Infections each scenario's actions avert, from paired runs with the action switched off.

    Args:
        plan: the validated scenario file.
        runs: the plan's runs (``scenario``, ``seed``, ``total_infections``).
        workers: parallel runs.
        stream: where the progress bar goes (default stderr).
    """
    variants = [(sc.name, label, seed, (*sc.overrides_for(seed), *off))
                for sc in plan.scenarios[1:] for label, off in actions_of(sc.params) for seed in plan.seeds]
    counts = run_many(infections, [v[3] for v in variants], workers=workers, desc="actions switched off",
                      stream=stream)
    full = runs.set_index(["scenario", "seed"])["total_infections"]
    added: dict[tuple[str, str], list[float]] = {}
    for (name, label, seed, _), n in zip(variants, counts, strict=True):
        added.setdefault((name, label), []).append(n - float(full[name, seed]))
    rows = [{"scenario": name, "action": label, "averted_mean": float(np.mean(d)),
             "averted_low": float(np.min(d)), "averted_high": float(np.max(d))}
            for (name, label), d in added.items()]
    return pd.DataFrame(rows, columns=list(COLUMNS))
