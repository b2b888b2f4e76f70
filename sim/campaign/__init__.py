"""The vector-control campaign: strategies composed of trigger, workforce, targeting, actions."""

from sim.campaign.params import StaffingParams, StrategyParams

__all__ = ["StaffingParams", "StrategyParams"]
