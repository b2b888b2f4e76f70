"""Peacetime -> wartime switch and the full-deployment window."""

from __future__ import annotations

from enum import StrEnum

from sim.params.strategy import DeploymentParams, TriggerParams
from sim.surveillance import Surveillance

__all__ = ["Phase", "Trigger"]


class Phase(StrEnum):
    """Campaign phase."""

    PEACETIME = "peacetime"
    MOBILISING = "mobilising"
    WARTIME = "wartime"


class Trigger:
    """Decides the phase from reported cases only.

    Attributes:
        switch_day: day the switch was decided (None while in peacetime).
        wartime_start_day: first day of wartime work (switch + mobilisation delay).
    """

    def __init__(self, trigger: TriggerParams, deployment: DeploymentParams) -> None:
        self.p = trigger
        self.d = deployment
        self.switch_day: int | None = None
        self.wartime_start_day: int | None = None

    def update(self, day: int, surveillance: Surveillance) -> Phase:
        """Today's phase; switches at most once."""
        if self.switch_day is None and self._fires(day, surveillance):
            self.switch_day = day
            self.wartime_start_day = day + self.p.mobilisation_delay_days
        if self.wartime_start_day is None:
            return Phase.PEACETIME
        return Phase.WARTIME if day >= self.wartime_start_day else Phase.MOBILISING

    def force(self, day: int) -> None:
        """Switch on ``day`` for a reason outside the village (a district-wide trigger); no-op
        if the village has switched already."""
        if self.switch_day is None:
            self.switch_day = day
            self.wartime_start_day = day + self.p.mobilisation_delay_days

    def _fires(self, day: int, s: Surveillance) -> bool:
        return self.fires(day, s.n_cases)

    def fires(self, day: int, reported_cases: int) -> bool:
        """Whether the switch is due on ``day`` with ``reported_cases`` reported so far (a
        village's own, or a district's)."""
        mode = self.p.mode
        if mode == "first_report":
            return reported_cases >= 1
        if mode == "case_threshold":
            return reported_cases >= self.p.case_threshold
        if mode == "day":
            return day >= self.p.day
        return False

    def full_deployment(self, day: int) -> bool:
        """Whether today lies in the full-deployment window."""
        if not self.d.enabled or self.wartime_start_day is None:
            return False
        start = self.wartime_start_day + self.d.start_after_wartime_days
        return start <= day < start + self.d.duration_days
