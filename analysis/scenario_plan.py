"""A validated scenario file: the :class:`Plan` and its :class:`Scenario` options.

Made by :func:`analysis.scenarios.load_plan`; run by :mod:`analysis.plan`, which first
splits the plan's runs into those already made (:func:`finished_runs`, by ``config_hash``)
and those to simulate (:class:`PlannedRun`, :func:`schedule`).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.cli.configs import config_hash
from sim.outputs import SUMMARY_FILE, TIMESERIES_FILE
from sim.params.run_params import RunParams

__all__ = ["Plan", "PlannedRun", "Scenario", "Schedule", "finished_runs", "schedule"]


@dataclass(frozen=True)
class Scenario:
    """One named option: its ``compose_params`` ``overrides`` (shared ones included), the
    validated ``params`` for the first seed, the planner's ``note`` and the file ``line``.
    ``family`` is a key shared by the scenarios that differ only in staffing ("" if none);
    ``config`` is the composed configuration (what ``sim.run`` hashes to recognise a run).
    """

    name: str
    strategy: str
    overrides: tuple[str, ...]
    params: RunParams
    family: str
    note: str = ""
    line: int = 0
    config: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def params_for(self, seed: int) -> RunParams:
        """The run parameters for ``seed``."""
        return dataclasses.replace(self.params, seed=seed)

    def overrides_for(self, seed: int) -> list[str]:
        """The overrides of the run with ``seed``."""
        return [f"seed={seed}" if o.startswith("seed=") else o for o in self.overrides]

    def config_hash(self, seed: int) -> str:
        """``sim.run``'s hash of the composed config of the run with ``seed``."""
        return config_hash({**self.config, "seed": seed})


@dataclass(frozen=True)
class Plan:
    """A validated scenario file: its ``path`` as given and ``text``, the shared settings, the
    replicate ``seeds`` (shared by every scenario, so runs pair by seed) and the ``scenarios``,
    baseline first, then the file's in order. Village sizes, if any, are in the overrides.
    ``decompose``: also run each scenario with each of its actions off (which action did what).
    """

    path: str
    text: str
    title: str
    village: str
    disease: str
    days: int
    seeds: tuple[int, ...]
    scenarios: tuple[Scenario, ...] = field(default_factory=tuple)
    decompose: bool = False

    @property
    def names(self) -> list[str]:
        """Scenario names, baseline first."""
        return [s.name for s in self.scenarios]


@dataclass(frozen=True)
class PlannedRun:
    """One run of the plan to simulate, and where to save it."""

    name: str
    seed: int
    params: RunParams
    overrides: tuple[str, ...]
    digest: str
    folder: Path


def finished_runs(folders: Iterable[Path]) -> dict[str, Path]:
    """Finished runs under ``folders`` (own plan runs or a ``sim.run`` sweep) by config hash."""
    index: dict[str, Path] = {}
    for root in folders:
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            if SUMMARY_FILE in files and TIMESERIES_FILE in files:
                try:
                    digest = json.loads((Path(dirpath) / SUMMARY_FILE).read_text(encoding="utf-8"))
                    digest = digest.get("config_hash")
                except (OSError, ValueError, AttributeError):
                    continue
                if isinstance(digest, str):
                    index.setdefault(digest, Path(dirpath))
    return index


Schedule = tuple[dict[tuple[str, int], Path], list[PlannedRun]]


def schedule(plan: Plan, out_dir: Path, reuse: Sequence[Path] = (), fresh: bool = False) -> Schedule:
    """``(copies, todo)``: the finished run to copy for each ``(scenario, seed)`` whose
    configuration (``config_hash``) matches one in ``out_dir/runs`` or under a ``reuse``
    folder (none if ``fresh``), and the runs to simulate."""
    earlier = {} if fresh else finished_runs([Path(out_dir) / "runs", *map(Path, reuse)])
    copies: dict[tuple[str, int], Path] = {}
    todo = []
    for sc in plan.scenarios:
        for seed in plan.seeds:
            folder, digest = Path(out_dir) / "runs" / sc.name / f"seed_{seed}", sc.config_hash(seed)
            if digest in earlier:
                copies[sc.name, seed] = earlier[digest]
            else:
                overrides = tuple(sc.overrides_for(seed))
                todo.append(PlannedRun(sc.name, seed, sc.params_for(seed), overrides, digest, folder))
    return copies, todo
