"""``analysis.compare --decompose``: each group's averted infections, action by action.

Every run of a non-baseline group is made again with each of its actions
switched off in turn, from the overrides its job folder recorded
(``.hydra/overrides.yaml``) and with its own seed
(:func:`analysis.plan_actions.averted_by_action`). An action's contribution is
the mean paired increase in infections when it is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from analysis import fmt
from analysis.plan_actions import MadeRun, averted_by_action

__all__ = ["decompose_groups", "to_markdown"]


def _job_overrides(job: Path) -> tuple[str, ...]:
    path = job / ".hydra" / "overrides.yaml"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} not found: --decompose remakes each run from its job folder, so it needs the "
            "sweep folder (or a runs.csv collected into it), not a runs.csv copied elsewhere")
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not a list of Hydra overrides: {' '.join(str(exc).split())}") from exc
    if not isinstance(items, list):
        raise ValueError(f"{path}: not a list of Hydra overrides")
    return tuple(str(i) for i in items)


def decompose_groups(runs: pd.DataFrame, base_dir: Path, by: Sequence[str], baseline: str,
                     outcome: str = "total_infections", workers: int = 2) -> pd.DataFrame:
    """Averted infections by action for every group but ``baseline``.

    Args:
        runs: the collected runs (``run_id``, the ``by`` columns, ``outcome``).
        base_dir: the sweep folder the ``run_id`` paths are relative to.
        by: the grouping columns of the comparison.
        baseline: the baseline group's label (its runs are not remade).
        outcome: the column counted as infections.
        workers: parallel runs.

    Raises:
        FileNotFoundError: if a run's job folder is missing.
        KeyError: if ``outcome`` or ``run_id`` is not a column.
    """
    for column in ("run_id", outcome):
        if column not in runs.columns:
            raise KeyError(f"--decompose needs a {column!r} column in runs.csv")
    made = []
    for _, row in runs.iterrows():
        group = ",".join(fmt.label(row[c]) for c in by)
        if group == baseline or pd.isna(row[outcome]):
            continue
        made.append(MadeRun(group, _job_overrides(base_dir / str(row["run_id"])), float(row[outcome])))
    return averted_by_action(made, workers)


def to_markdown(table: pd.DataFrame) -> str:
    """The table as a Markdown section, one row per group and action."""
    lines = ["## Which action did what", "",
             "Infections each action averts: mean paired increase when it alone is switched off "
             "(same seeds), with the lowest and highest over the group's runs. Contributions need "
             "not add up to the total averted: actions overlap and reinforce each other.", "",
             "| group | action | infections it averts (range) | pairs |", "|---|---|---|---|"]
    lines += [f"| {r.group} | {r.action} | {fmt.number(r.averted_mean)} "
              f"({fmt.number(r.averted_low)} to {fmt.number(r.averted_high)}) | {r.n_pairs} |"
              for r in table.itertuples(index=False)]
    if table.empty:
        lines.append("| (no group other than the baseline has an action switched on) | | | |")
    return "\n".join(lines) + "\n"
