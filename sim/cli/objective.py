"""A scalar objective of one run, for optimisers (e.g. Hydra's Optuna sweeper).

An optimisation experiment adds an ``objective`` section to the composed config;
the run entry point then returns :func:`objective_value` of the run's summary
instead of the summary itself. The value is the run's cases plus a penalty for
every staff person-day beyond a budget, so "fewer cases" and "within budget"
become one number to minimise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.params.build import from_mapping
from sim.params.fields import param, validate

__all__ = ["OUTCOMES", "ObjectiveParams", "objective_from_config", "objective_value"]

#: Summary fields that can be minimised (all counts of people or cases).
OUTCOMES = ("total_infections", "total_reported_cases", "peak_daily_reported_cases")


@dataclass(frozen=True)
class ObjectiveParams:
    """What an optimiser minimises.

    Attributes:
        outcome: the summary field counted as cases (one of :data:`OUTCOMES`).
        budget_person_days: staff person-days the campaign may use without penalty.
        penalty_per_person_day: cases added per person-day above the budget.
    """

    outcome: str = param("total_infections", choices=OUTCOMES)
    budget_person_days: float = param(3000.0, low=0.0, high=1e12)
    penalty_per_person_day: float = param(1.0, low=0.0, high=1e9)

    def __post_init__(self) -> None:
        validate(self)


def objective_from_config(section: Mapping[str, Any] | None) -> ObjectiveParams:
    """Validated :class:`ObjectiveParams` from the config's ``objective`` section.

    Raises:
        ConfigError: naming ``objective.<key>`` for an unknown key or a bad value.
    """
    return from_mapping(ObjectiveParams, section, "objective")


def objective_value(summary: Mapping[str, Any] | None, objective: ObjectiveParams) -> float | None:
    """``summary[outcome] + penalty * max(0, person_days_total - budget)``; ``None`` if no summary.

    A failed run (``summary is None``) stays ``None`` so the optimiser records a failed trial.
    """
    if summary is None:
        return None
    cases = float(summary[objective.outcome])
    excess = max(0.0, float(summary.get("person_days_total") or 0.0) - objective.budget_person_days)
    return cases + objective.penalty_per_person_day * excess
