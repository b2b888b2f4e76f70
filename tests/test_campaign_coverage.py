"""Sweeps cover the whole area, at the scale where the first build left half of it unvisited.

The first build paired cadre unit ``i`` with group ``i mod groups`` and gave a
sweeping team only houses of its leader's group: on the default village (12
groups, 6 units) groups 6-11 were never visited by ``full_cadre`` or
``three_person_team``; ``routine`` only ever reached groups 0-1; on the town 42
of 100 groups were never swept and every three-person team started in groups
0-8. These tests run where that showed.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest

from sim.campaign.areas import Areas, largest_remainder, spread_over
from sim.cli.compose import compose_params
from sim.model import CampaignModel
from sim.simulate import simulate


def _houses_visited(result, within_days: int) -> set[int]:
    start = result.summary["wartime_start_day"] or 0
    return {e["household"] for e in result.events
            if e["action"] in ("inspect", "idle_house") and e["day"] < start + within_days}


@pytest.mark.parametrize("strategy", ["full_cadre", "three_person_team"])
def test_sweeps_visit_nearly_every_house_of_the_default_village_within_60_days(strategy):
    result = simulate(compose_params([f"strategy={strategy}", "days=90", "event_log=true"]))
    houses = result.summary["households"]
    visited = _houses_visited(result, 60)
    # The bar: at least 95% of houses (idle ones included) within 60 days of the trigger.
    assert len(visited) >= 0.95 * houses
    # And every group was reached (the first build never reached groups 6-11).
    params = compose_params([f"strategy={strategy}"])
    groups = {int(g) for g in CampaignModel(params).village.hh_group[list(visited)]}
    assert groups == set(range(params.village.groups))


def test_routine_teams_reach_every_group_not_only_their_own():
    result = simulate(compose_params(["strategy=routine", "days=120", "event_log=true"]))
    model = CampaignModel(compose_params(["strategy=routine", "days=1"]))
    groups = {int(model.village.hh_group[e["household"]]) for e in result.events}
    assert groups == set(range(len(model.village.group_names)))


@pytest.mark.slow
def test_town_three_person_teams_start_in_every_part_of_the_town_and_sweep_every_group():
    params = compose_params(["village=town", "staffing=town", "strategy=three_person_team",
                             "strategy.trigger.mode=day", "strategy.trigger.day=0",
                             "strategy.trigger.mobilisation_delay_days=0",
                             "strategy.workforce.training_days=0", "days=30", "event_log=true"])
    model = CampaignModel(params)
    model.step()
    teams = [t for t in model.campaign.teams if t.shape == "three_person"]
    areas = model.campaign.areas
    # Teams are spread over the areas in proportion to houses, not formed in group order:
    # the first build put all 120 of them in groups 0-8.
    assert len(teams) > 60
    per_area = np.bincount([t.area for t in teams], minlength=areas.n)
    assert np.count_nonzero(per_area) >= 0.9 * min(len(teams), areas.n)
    for _ in range(29):
        model.step()
    visited = {e["household"] for e in model.campaign.events if e["action"] in ("inspect", "idle_house")}
    swept_groups = {int(g) for g in model.village.hh_group[list(visited)]}
    assert swept_groups == set(np.unique(model.village.hh_group).tolist())
    assert len(visited) >= 0.95 * model.village.n_households


def test_a_team_with_nothing_left_in_its_area_helps_the_nearest_area():
    # One unit of 60 cadres on one area, four more units with nobody: the lone unit's
    # teams must also work the other areas once theirs is done.
    params = compose_params(["strategy=full_cadre", "days=40", "event_log=true",
                             "staffing.cadre_units=5"])
    model = CampaignModel(params)
    members = model.campaign.workforce.of_role("cadre")
    for m in members:  # everyone belongs to area 0
        m.area, m.unit = 0, 0
    for _ in range(40):
        model.step()
    areas = model.campaign.areas
    worked = {int(areas.area_of_household[e["household"]]) for e in model.campaign.events}
    assert worked == set(range(areas.n))


def test_shortfall_is_said_once_in_the_log_and_in_the_summary(caplog):
    # Two professional teams cannot visit 1,500 houses every 14 days.
    with caplog.at_level(logging.WARNING, logger="sim.campaign"):
        s = simulate(compose_params(["strategy=routine", "strategy.targeting.sweep_revisit_days=14",
                                     "days=30"])).summary
    notes = [r for r in caplog.records if "sweeping cannot keep" in r.getMessage()]
    assert len(notes) == 1
    short = s["sweep_shortfall"]
    assert short is not None and short["capacity_per_day"] < short["needed_per_day"]
    assert s["sweep_shortfall_days"] > 1
    # With the preset's eight-week round the same two teams keep up: no shortfall.
    assert simulate(compose_params(["strategy=routine", "days=30"])).summary["sweep_shortfall"] is None


# --- areas: the units together cover the village, sized to their people -------------------
@pytest.mark.parametrize(("village", "units"), [("default", 6), ("default", 5), ("default", 12),
                                                ("default", 20), ("small", 3)])
def test_areas_partition_the_village_and_follow_the_units_sizes(village, units):
    v = CampaignModel(compose_params([f"village={village}", "days=1"])).village
    members = np.arange(1, units + 1) * 10  # unequal units
    areas = Areas.build(v, members)
    groups = [g for gs in areas.groups for g in gs]
    assert sorted(groups) == list(range(len(v.group_names)))  # every group in exactly one area
    assert areas.houses.sum() == v.n_households
    assert sorted(np.concatenate(areas.households).tolist()) == list(range(v.n_households))
    assert areas.unit_area.size == units and set(areas.unit_area.tolist()) == set(range(areas.n))
    if units <= len(v.group_names):
        assert areas.n == units
    if 2 * units <= len(v.group_names):  # enough groups to size areas: bigger units, more houses
        assert np.corrcoef(members, areas.houses)[0, 1] > 0.5


def test_largest_remainder_and_spread_keep_totals():
    assert largest_remainder(np.array([3.0, 1.0]), 5).tolist() == [4, 1]
    assert largest_remainder(np.array([1.0, 1.0, 1.0]), 2).sum() == 2
    counts = spread_over(np.array([500, 5, 0, 40]), 3)
    assert counts.sum() == 3 and counts[2] == 0 and (counts[[0, 1, 3]] >= 1).all()


def test_teams_go_where_cases_are_when_the_strategy_allocates_by_risk():
    def teams_per_area(allocation: str) -> np.ndarray:
        params = compose_params(["strategy=three_person_team", "days=2", "strategy.trigger.mode=day",
                                 "strategy.trigger.day=0", "strategy.trigger.mobilisation_delay_days=0",
                                 "strategy.workforce.training_days=0",
                                 f"strategy.targeting.allocation={allocation}"])
        model = CampaignModel(params)
        areas = model.campaign.areas
        hot = areas.households[0][:20]  # twenty cases reported in area 0
        model.surveillance.add_cases(model.population.household.searchsorted(hot), hot, 0)
        known = model.campaign.known()
        on = model.campaign.workforce.roster(0, True)
        teams = model.campaign._form(on, params.strategy.workforce.teams, {}, known)
        return np.bincount([t.area for t in teams], minlength=areas.n)

    by_houses, by_cases = teams_per_area("houses"), teams_per_area("cases")
    assert by_cases[0] > 2 * by_houses[0]
    assert by_cases.sum() == by_houses.sum()  # the same staff, placed differently
