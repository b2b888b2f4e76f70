"""Staffing and strategy parameters (filled in by the campaign modules)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.validation import check_int

__all__ = ["StaffingParams", "StrategyParams"]


@dataclass(frozen=True)
class StaffingParams:
    """How many people of each role the campaign can call on.

    Attributes:
        name: preset name.
        cadres: deployable party cadres.
        grid_workers: grid workers (know the households, hold keys).
        medics: village doctors and CDC staff.
    """

    name: str = "default"
    cadres: int = 60
    grid_workers: int = 12
    medics: int = 8

    def __post_init__(self) -> None:
        check_int("cadres", self.cadres, 0, 1_000_000)
        check_int("grid_workers", self.grid_workers, 0, 1_000_000)
        check_int("medics", self.medics, 0, 1_000_000)


@dataclass(frozen=True)
class StrategyParams:
    """A campaign strategy: trigger x workforce x targeting x actions.

    Attributes:
        name: preset name.
    """

    name: str = "baseline"
