"""The campaign: reads surveillance, decides where teams go, and acts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.agents import Role
from sim.campaign.counters import new_counters
from sim.campaign.params import StaffingParams, StrategyParams
from sim.campaign.teams import RingArea, Team

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["Campaign"]


class Campaign:
    """A strategy in action. The baseline does nothing beyond clinic reporting."""

    def __init__(self, strategy: StrategyParams, staffing: StaffingParams,
                 model: CampaignModel) -> None:
        self.strategy = strategy
        self.staffing = staffing
        self.model = model
        self.counters = new_counters()
        self.wartime_start_day: int | None = None
        self._person_days = {r.value: 0 for r in Role}
        #: Teams at work today (for drawing and for the event log).
        self.teams: list[Team] = []
        #: Ring areas currently open around reported cases.
        self.rings: list[RingArea] = []
        #: Event rows (day, action, household, ...) when the event log is on.
        self.events: list[dict] = []

    def step(self, model: CampaignModel) -> None:
        """One day of campaign work."""
        self.counters = new_counters()

    def person_days(self) -> dict[str, int]:
        """Person-days worked so far, by role."""
        return dict(self._person_days)
