"""A validated scenario file: the :class:`Plan` and its :class:`Scenario` options.

Made by :func:`analysis.scenarios.load_plan`; run by :mod:`analysis.plan`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sim.cli.configs import config_hash
from sim.params.run_params import RunParams

__all__ = ["Plan", "Scenario"]


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
