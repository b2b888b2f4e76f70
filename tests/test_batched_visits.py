"""The batched team day: routes within each team's time, every visit's work booked once."""

from __future__ import annotations

import numpy as np
from conftest import preset

from sim.cli.compose import compose_params
from sim.model import CampaignModel
from sim.ragged import expand_ranges


def test_expand_ranges_lists_each_range_in_order():
    pos, group = expand_ranges(np.array([5, 0, 9]), np.array([2, 3, 0]))
    assert pos.tolist() == [5, 6, 0, 1, 2] and group.tolist() == [0, 0, 1, 1, 1]


def test_sites_of_households_are_the_households_own():
    model = CampaignModel(compose_params(["village=small", "days=1"]))
    houses = np.array([7, 3, 7 + 1, 0])
    sites, visit = model.sites.of_households(houses)
    for k, hh in enumerate(houses.tolist()):
        assert sorted(sites[visit == k].tolist()) == np.flatnonzero(model.sites.household == hh).tolist()


def test_each_day_teams_stay_within_their_time_and_book_what_they_did():
    """Twelve wartime days of the Shunde campaign on the small village, checked day by day:
    no team runs over its time; each step of a route is one logged visit or check; the
    houses logged are the houses counted; containers cleared in houses <= found there;
    opened <= idle houses visited."""
    model = CampaignModel(compose_params([*preset("shunde_2025"), "village=small", "days=40",
                                          "strategy.trigger.mode=day", "strategy.trigger.day=0",
                                          "event_log=true"]))
    visited_total = 0
    for _ in range(12):
        model.step()
        day = model.day - 1
        c = model.campaign.counters
        events = [e for e in model.campaign.events if e["day"] == day
                  and e["action"] in ("inspect", "idle_house", "construction")]
        visitors = [t for t in model.campaign.teams if t.work == "visit"]
        assert all(t.minutes_left >= -1e-9 for t in visitors)
        assert sum(len(t.route) - 1 for t in visitors) == len(events)
        houses = [e for e in events if e["action"] != "construction"]
        assert len(houses) == c["households_visited_today"]
        for setting in ("household", "idle_house"):  # (public and construction sites are cleared
            # by crews and owners on other days)
            assert c[f"sites_cleared_{setting}"] <= c[f"sites_found_{setting}"]
        assert c["idle_houses_opened_today"] <= sum(e["action"] == "idle_house" for e in houses)
        visited_total += c["households_visited_today"]
    assert visited_total > 100
