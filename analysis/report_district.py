"""The district map of a district plan's report: no campaign against the best option.

For a plan with ``district:`` each run folder under ``OUT/runs/<scenario>/seed_<k>`` is a
district run (``places.csv``, ``villages.csv``, ``timeseries.csv``), so the report can
draw :func:`analysis.district_figures.district_map_compare`: the baseline's run and the
best option's run with the plan's first seed (same villages, same imported infections),
on the day the baseline's district reported cases peak; top row reported cases per 1,000
residents in the last 7 days, bottom row each village's risk level. The alt text says
the same in words, with how many villages had a reported case in that week and how many
were at high or very high risk in each run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from analysis.district_figures import district_map_compare, weekly_cases_per_1000
from analysis.district_run import DistrictRun, load_district, village_wide
from sim.district.outputs import RISK_LEVELS

if TYPE_CHECKING:
    from analysis.scenario_plan import Plan

__all__ = ["HIGH_RISK", "DistrictMap", "district_map_for_report"]

#: The risk level counted in the alt text: the top one of :data:`sim.district.outputs.RISK_LEVELS`.
HIGH_RISK = RISK_LEVELS[-1][0]


@dataclass(frozen=True)
class DistrictMap:
    """The report's district map: the figure, its alt text and its caption."""

    figure: Figure
    alt: str
    caption: str


def _load(out_dir: Path, scenario: str, seed: int, plan: Plan) -> DistrictRun:
    """One district run of the plan, with the plan's calendar and the scenario as its label."""
    run = load_district(out_dir / "runs" / scenario / f"seed_{seed}")
    return dataclasses.replace(run, start=plan.scenarios[0].params.season.start, label=scenario)


def _counts(run: DistrictRun, day: int) -> tuple[int, int]:
    """Villages with a reported case in the 7 days up to ``day``, and villages at high risk that day."""
    cases = int((weekly_cases_per_1000(run).loc[day] > 0).sum())
    high = int(village_wide(run, "risk_level").loc[day].eq(HIGH_RISK).sum())
    return cases, high


def district_map_for_report(plan: Plan, out_dir: Path, option: str | None) -> DistrictMap | None:
    """The map of the baseline and ``option`` (first seed) for a district plan, else ``None``.

    Args:
        plan: the validated scenario file (``None`` is returned unless it runs a district).
        out_dir: the report's folder, holding ``runs/<scenario>/seed_<k>``.
        option: the option shown next to no campaign (the verdict's best); ``None``: the first.

    Raises:
        FileNotFoundError: a run folder lacks a district table.
    """
    if not plan.scenarios[0].params.district.enabled or len(plan.scenarios) < 2:
        return None
    option = option or plan.scenarios[1].name
    seed = plan.seeds[0]
    base, best = _load(out_dir, "baseline", seed, plan), _load(out_dir, option, seed, plan)
    reported = base.timeseries["new_reported_cases"].to_numpy()
    day = int(base.days[int(np.argmax(reported))]) if reported.sum() > 0 else int(base.days[-1])
    figure = district_map_compare([("no campaign", base), (option, best)], day)
    date = base.date(day)
    n = len(base.places)
    said = [f"{label}: {c} of {n} villages with a reported case in the last 7 days, {h} at {HIGH_RISK} risk"
            for label, run in (("without a campaign", base), (f"with {option}", best))
            for c, h in [_counts(run, day)]]
    alt = (f"Map of the district's {n} villages on day {day} ({date.day} {date:%b %Y}), the peak of reported "
           f"cases without a campaign, seed {seed}; {'; '.join(said)}.")
    caption = (f"The district on day {day}, when reported cases peak without a campaign (seed {seed}): "
               f"no campaign (left) and {option} (right). Each circle is a village, its area its residents; "
               "top row reported cases per 1,000 residents in the last 7 days, bottom row the risk level of "
               "its Breteau index; a star marks where the outbreak was seeded.")
    return DistrictMap(figure, alt, caption)
