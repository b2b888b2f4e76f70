"""Valid input, degenerate answer: the warnings a run carries in ``summary.json``.

Some configurations are valid but cannot answer the question a user asks of
them: a village where every house is idle has nobody to infect, a trigger day
after the last day never starts the campaign, a handful of teams cannot reach
a large village in the days run. Such runs are not refused (they are legal and
sometimes what a user wants to show), but their summary carries a ``warnings``
list, which the command line logs and the planner's report prints. The rules
are written once, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.params.run_params import RunParams

__all__ = ["LOW_REACH", "degenerate_warnings"]

#: Below this share of houses reached by a house-to-house sweep, the staff did not cover
#: the area (FIELD_BRIEF: the Shunde sweep aimed at every house, "no dead corners").
LOW_REACH = 0.5


def degenerate_warnings(params: RunParams, summary: Mapping[str, Any]) -> list[str]:
    """Warnings for a finished run whose answer is degenerate (empty when it is not).

    Args:
        params: the run's validated parameters.
        summary: its summary (a village's or a district's): ``population``,
            ``wartime_start_day``, ``houses_reached_share`` are read when present.
    """
    out: list[str] = []
    population = summary.get("population")
    trigger = params.strategy.trigger
    if population == 0:
        out.append("the village has no residents (every house idle), so no infections can occur")
    if trigger.mode == "day" and trigger.day >= params.days:
        out.append(f"strategy.trigger.day={trigger.day} is not before days={params.days}: "
                   "the campaign can never start")
    elif trigger.mode == "case_threshold" and population and trigger.case_threshold > population:
        out.append(f"strategy.trigger.case_threshold={trigger.case_threshold} is more than the "
                   f"population ({population}): the campaign can never start")
    elif trigger.mode != "never" and summary.get("wartime_start_day") is None and population:
        out.append(f"the trigger ({trigger.mode}) never fired in {params.days} days: no wartime "
                   "campaign work was done")
    reach = summary.get("houses_reached_share")
    if (params.strategy.targeting.mode == "sweep" and summary.get("wartime_start_day") is not None
            and reach is not None and reach < LOW_REACH):
        out.append(f"the sweep reached only {100 * reach:.0f}% of the houses: the staff cannot cover "
                   "the area in the days run (more staff, more days, or ring zoning)")
    return out
