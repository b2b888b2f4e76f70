"""Mesa's grid is built only when something needs it, and then holds every agent where it is."""

from __future__ import annotations

import numpy as np

from sim.campaign.staff import StaffMember
from sim.cli.compose import compose_params
from sim.model import CampaignModel
from sim.simulate import simulate

SHUNDE_SMALL = ["village=small", "strategy=shunde_2025", "strategy.trigger.mode=day",
                "strategy.trigger.day=1", "days=12"]  # teams at work from day 3


def _staff(model: CampaignModel) -> list[StaffMember]:
    return [a for a in model.agents if isinstance(a, StaffMember)]


def test_a_headless_run_with_a_campaign_never_builds_the_grid():
    model = CampaignModel(compose_params(SHUNDE_SMALL))
    for _ in range(12):
        model.step()
    assert model.campaign.teams  # teams worked and moved ...
    assert not model.world.grid.built  # ... without Mesa's cells


def test_the_grid_built_late_holds_every_agent_at_its_position_and_follows_moves():
    model = CampaignModel(compose_params(SHUNDE_SMALL))
    for _ in range(5):
        model.step()
    grid = model.grid  # built now, mid-campaign
    assert all(h.cell is grid[h.position] and h in h.cell.agents for h in model.households)
    staff = _staff(model)
    assert staff and all(m.cell is grid[m.position] for m in staff)
    before = {m: m.position for m in staff}
    for _ in range(5):
        model.step()
    moved = [m for m in staff if m.position != before[m]]
    assert moved  # teams walked to new houses
    assert all(m.cell is grid[m.position] and m in m.cell.agents for m in staff)


def test_building_the_grid_changes_no_output():
    params = compose_params(SHUNDE_SMALL)
    plain = simulate(params)
    drawn = CampaignModel(params)
    _ = drawn.grid  # as the trainer's page does before the first step
    with_grid = simulate(params, model=drawn)
    for name, column in plain.timeseries.items():
        np.testing.assert_array_equal(column, with_grid.timeseries[name], err_msg=name)
    assert plain.timeseries["households_visited_today"].sum() > 0
