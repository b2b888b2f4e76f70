"""Ring zoning, presets, and the rule that the campaign plans only from what is known."""

from __future__ import annotations

import numpy as np
import pytest

from sim.campaign.known import KnownState
from sim.campaign.rings import RingManager
from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.params.strategy import TargetingParams
from sim.simulate import simulate
from sim.surveillance import Surveillance


def _known(x_m, y_m, day, surveillance, last_visit=None) -> KnownState:
    n = len(x_m)
    cell = (np.asarray(x_m) // 25).astype(int) * 100 + (np.asarray(y_m) // 25).astype(int)
    return KnownState(day=day, surveillance=surveillance, hh_x_m=np.asarray(x_m, float),
                      hh_y_m=np.asarray(y_m, float), hh_cell=cell, hh_group=np.zeros(n, int),
                      hh_idle=np.zeros(n, bool),
                      last_visit_day=np.full(n, -1) if last_visit is None else last_visit,
                      cell_size_m=25.0, width=100, height=100)


def test_rings_core_first_merge_and_expire():
    # Houses on a line, 50 m apart; a case in house 0.
    x = np.arange(12) * 50.0
    s = Surveillance(12)
    s.add_cases(np.array([0]), np.array([0]), 0)
    rings = RingManager(TargetingParams(mode="ring", core_radius_m=100, warning_radius_m=300,
                                        outer_radius_m=500, ring_expiry_days=25))
    known = _known(x, np.zeros(12), 0, s)
    assert rings.update(known) == 1
    due = rings.due_houses(known, False)
    assert due[:3].tolist() == [0, 1, 2]  # core (<= 100 m) first, nearest first
    assert set(due[3:]) == {3, 4, 5, 6}  # then the warning circle (<= 300 m)
    # A second case inside the core merges into the ring and renews it.
    s.add_cases(np.array([1]), np.array([1]), 10)
    assert rings.update(_known(x, np.zeros(12), 10, s)) == 0
    assert len(rings.rings) == 1 and rings.rings[0].expires_day == 35
    # A case far away opens a second ring; rings close 25 days after their last case.
    s.add_cases(np.array([11]), np.array([11]), 12)
    assert rings.update(_known(x, np.zeros(12), 12, s)) == 1
    rings.update(_known(x, np.zeros(12), 36, s))
    assert [r.household for r in rings.rings] == [11]
    rings.update(_known(x, np.zeros(12), 38, s))
    assert rings.rings == []


def test_new_radii_apply_to_new_rings_and_each_ring_merges_by_its_own_core():
    """``set_radii`` (the trainer page's live radii): open rings keep theirs."""
    x = np.arange(12) * 50.0
    s = Surveillance(12)
    s.add_cases(np.array([0]), np.array([0]), 0)
    rings = RingManager(TargetingParams(mode="ring", core_radius_m=100, warning_radius_m=300,
                                        outer_radius_m=500))
    rings.update(_known(x, np.zeros(12), 0, s))
    rings.set_radii(core_radius_m=40.0)
    # 100 m from the first ring's centre: inside its own 100 m core, so it merges there.
    s.add_cases(np.array([2]), np.array([2]), 3)
    assert rings.update(_known(x, np.zeros(12), 3, s)) == 0
    # 550 m away: a new ring, drawn with the new core.
    s.add_cases(np.array([11]), np.array([11]), 4)
    assert rings.update(_known(x, np.zeros(12), 4, s)) == 1
    assert [r.radii_m for r in rings.rings] == [(100.0, 300.0, 500.0), (40.0, 300.0, 500.0)]
    with pytest.raises(ConfigError, match="warning_radius_m"):
        rings.set_radii(warning_radius_m=20.0)  # below the core: refused as in a run's config


def test_core_revisits_stop_once_its_breteau_index_is_below_target():
    x = np.arange(6) * 30.0
    s = Surveillance(6)
    s.add_cases(np.array([0]), np.array([0]), 0)
    rings = RingManager(TargetingParams(mode="ring"))
    last = np.full(6, -1)
    rings.update(_known(x, np.zeros(6), 0, s, last))
    core = [h for h in rings.due_houses(_known(x, np.zeros(6), 0, s, last), False) if x[h] <= 100]
    for h in core:  # inspected on day 1, no positive container found
        s.record_inspections(np.array([h]), np.array([0]), 1)
        last[h] = 1
    due = rings.due_houses(_known(x, np.zeros(6), 5, s, last), False)
    assert not set(due) & set(core)


def test_ring_zoning_visits_core_households_before_outer_ones():
    params = compose_params(["village=small", "days=40", "strategy=ring_zoning", "event_log=true",
                             "seed=2"])
    model = CampaignModel(params)
    for _ in range(40):
        model.step()
        if model.campaign.events:
            break
    v = model.village
    first_day = model.campaign.events[0]["day"]
    visited = [e["household"] for e in model.campaign.events if e["day"] == first_day]
    # Several rings can open on the same day: judge each visit by the ring whose case is nearest.
    cases = np.array([r.household for r in model.campaign.rings])
    dist = np.hypot(v.hh_x[visited][:, None] - v.hh_x[cases], v.hh_y[visited][:, None] - v.hh_y[cases])
    ring = model.campaign.rings[int(np.argmin(dist[0]))]
    d_m = dist.min(axis=1) * v.cell_size_m
    # The first visits of the first ring day are in a core.
    assert d_m[0] <= ring.radii_m[0]
    core_count = int((d_m <= ring.radii_m[0] + v.cell_size_m).sum())
    assert core_count >= min(5, len(visited))


def test_campaign_plans_only_from_known_state(monkeypatch):
    """Planning (trigger and targeting) must not touch people or mosquitoes."""
    params = compose_params(["village=small", "days=30", "strategy=shunde_2025",
                             "strategy.trigger.mode=first_report"])
    model = CampaignModel(params)
    campaign = model.campaign
    real_assign = campaign.targeting.assign
    real_update = campaign.trigger.update

    class Poison:
        def __getattr__(self, name):
            raise AssertionError(f"planning read hidden state: {name}")

    def guarded(fn):
        def call(*args, **kwargs):
            world = model.world
            saved = (world.population, world.mosquitoes, world.sites)
            world.population, world.mosquitoes, world.sites = Poison(), Poison(), Poison()
            try:
                return fn(*args, **kwargs)
            finally:
                world.population, world.mosquitoes, world.sites = saved
        return call

    monkeypatch.setattr(campaign.targeting, "assign", guarded(real_assign))
    monkeypatch.setattr(campaign.trigger, "update", guarded(real_update))
    for _ in range(30):
        model.step()
    assert campaign.wartime_start_day is not None
    assert model.recorder.table()["households_visited_today"].sum() > 0


def test_every_preset_exists_and_runs():
    presets = config_groups(CONFIG_DIR)["strategy"]
    assert {"baseline", "routine", "full_cadre", "ring_zoning", "three_person_team",
            "publicity_only", "shunde_2025"} <= set(presets)
    staffing = set(config_groups(CONFIG_DIR)["staffing"])
    for name in presets:  # organisation presets bring their own staff (same name)
        s = simulate(compose_params(["village=small", "days=25", f"strategy={name}",
                                     f"staffing={name if name in staffing else 'default'}",
                                     "strategy.trigger.mode=day" if name != "baseline" else "seed=0",
                                     ])).summary
        assert s["strategy"] == name
        assert s["clearance_rate"] is None or 0 <= s["clearance_rate"] <= 1
        # A case is reported once, whether by the clinic or by fever screening.
        assert s["total_reported_cases"] <= s["total_infections"]


@pytest.mark.parametrize(("override", "needle"), [
    ("strategy.targeting.core_radius_m=400", "ring radii must increase"),
    ("strategy.workforce.teams=[five_person]", "unknown team shape; shapes: three_person, cadre_grid"),
    ("strategy.trigger.mode=sometimes", "allowed: case_threshold, day, first_report, never"),
    ("strategy.outdoor.spray_method=drone", "allowed: handheld, vehicle"),
])
def test_bad_strategy_values_are_named(override, needle):
    with pytest.raises(ValueError, match=needle):
        compose_params(["strategy=ring_zoning", override])
