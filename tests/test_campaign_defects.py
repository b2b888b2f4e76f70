"""Campaign mechanics that do what they say, each on the default village where the defect showed.

Each test names the defect of the first build it guards against: inverted medic
rotation, idle houses "opened" on every visit, an outer circle never worked,
clearance above 1, rechecks dropped, unstaffed field work, one shared random
stream, isolation that read the hidden infection state.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.campaign.trigger import Phase
from sim.cli.compose import compose_params
from sim.humans import HumanState
from sim.model import CampaignModel
from sim.simulate import simulate

#: Wartime from day 0, no training day, so short runs see the campaign at work.
WAR_NOW = ("strategy.trigger.mode=day", "strategy.trigger.day=0",
           "strategy.trigger.mobilisation_delay_days=0", "strategy.workforce.training_days=0")


def model_of(*overrides: str, days: int = 30) -> CampaignModel:
    return CampaignModel(compose_params([f"days={days}", *overrides]))


def run_days(model: CampaignModel, n: int) -> CampaignModel:
    for _ in range(n):
        model.step()
    return model


# --- 2. medic rotation relieves a share, teams re-form without the medic ----------------------
def _full_week(ts: dict, start: int) -> slice:
    return slice(start + 15, start + 22)  # shunde_2025: the cadres' week starts 15 days in


def test_full_deployment_week_keeps_medics_and_grid_workers_at_work():
    result = simulate(compose_params(["strategy=shunde_2025", "days=90"]))
    ts, start = result.timeseries, result.summary["wartime_start_day"]
    week = _full_week(ts, start)
    medics = compose_params(["strategy=shunde_2025"]).staffing.count("medic")
    # Half the medics rest (medic_rest_share 0.5); the first build sent all of them home and,
    # with three-person teams, idled every grid worker too.
    assert ts["on_duty_medic"][week].min() >= 1
    assert ts["on_duty_medic"][week].max() <= medics - round(0.5 * medics)
    assert ts["on_duty_grid_worker"][week].min() > 0
    assert ts["on_duty_cadre"][week].mean() > 2 * ts["on_duty_cadre"][start + 3:start + 10].mean()


def test_medic_rest_share_sets_how_many_medics_rest():
    def medics_at_work(share: float) -> float:
        r = simulate(compose_params(["strategy=shunde_2025", "days=70",
                                     f"strategy.workforce.medic_rest_share={share}"]))
        return float(r.timeseries["on_duty_medic"][_full_week(r.timeseries, r.summary["wartime_start_day"])]
                     .mean())

    assert medics_at_work(0.25) > medics_at_work(0.75) + 1


def test_teams_reform_without_the_medic_when_medics_rest():
    model = model_of("strategy=three_person_team", *WAR_NOW, "strategy.workforce.medic_rotation=true",
                     "strategy.workforce.medic_rest_share=1.0")
    model.step()
    shapes = {t.shape for t in model.campaign.teams}
    assert "three_person" not in shapes and "cadre_grid" in shapes
    assert model.campaign.counters["staff_on_duty"] > 0
    assert model.campaign.on_duty_today["grid_worker"] > 0


# --- 3. idle houses are opened once -------------------------------------------------------------
def test_idle_houses_are_opened_once_and_revisits_skip_the_unlocking():
    result = simulate(compose_params(["strategy=three_person_team", "days=120", "event_log=true",
                                      "strategy.targeting.sweep_revisit_days=7"]))
    s = result.summary
    assert 0 < s["idle_houses_opened"] <= s["idle_households"]
    idle_visits = [e for e in result.events if e["action"] == "idle_house"]
    opened = [e["household"] for e in idle_visits if "opened=1" in e["detail"]]
    assert len(opened) == len(set(opened)) == s["idle_houses_opened"]
    assert len(idle_visits) > len(opened)  # revisits happened, without opening again


def test_opened_idle_houses_stay_open_and_show_as_opened_on_the_map():
    from analysis.drawing import household_status
    from analysis.drawing_style import HouseStatus

    model = run_days(model_of("strategy=three_person_team", *WAR_NOW), 3)
    last = model.campaign.last_visit_day
    idle = [h for h in model.households if h.idle]
    visited = [h for h in idle if last[h.index] >= 0]
    assert visited and all(not h.locked for h in visited)
    assert all(h.locked for h in idle if last[h.index] < 0)
    status = household_status(model)
    assert (status[[h.index for h in visited]] == HouseStatus.IDLE_OPENED).all()


# --- 4. every ring zone receives its work ------------------------------------------------------
def test_each_ring_zone_receives_its_work():
    model = model_of("strategy=ring_zoning", "outbreak.seed_infections=20", days=60)
    seen_outer = {"publicity": False, "cleanup": False}
    visited_core = visited_warning = False
    for _ in range(60):
        model.step()
        for ring in model.campaign.rings:
            for work in seen_outer:
                seen_outer[work] |= ("outer", work) in ring.done
            last = model.campaign.last_visit_day
            visited_core |= bool((last[ring.zones["core"].households] >= ring.opened_day).any())
            visited_warning |= bool((last[ring.zones["warning"].households] >= ring.opened_day).any())
    assert model.campaign.phase == Phase.WARTIME
    assert visited_core and visited_warning and all(seen_outer.values())


def test_outer_circle_work_is_configurable():
    on = simulate(compose_params(["strategy=ring_zoning", "days=60", "outbreak.seed_infections=20"]))
    off = simulate(compose_params(["strategy=ring_zoning", "days=60", "outbreak.seed_infections=20",
                                   "strategy.targeting.outer_work=[]"]))
    assert on.summary["person_days_by_work"]["publicity"] > 0
    # Without outer-circle publicity the publicity team still works, but reaches groups in turn.
    assert off.summary["person_days_by_work"]["publicity"] > 0
    assert on.timeseries["publicity_events"].sum() > 0


# --- 5. every clearance rate lies in [0, 1] -----------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("strategy", ["routine", "full_cadre", "ring_zoning", "three_person_team",
                                      "shunde_2025"])
def test_clearance_rates_are_shares_of_the_sites_found(strategy):
    for seed in (0, 1):
        s = simulate(compose_params([f"strategy={strategy}", "days=60", f"seed={seed}"])).summary
        for key in ("clearance_rate", "idle_house_clearance_rate"):
            assert s[key] is None or 0.0 <= s[key] <= 1.0, (strategy, seed, key, s[key])


def test_construction_sites_clear_what_was_found_not_later_refills():
    ts = simulate(compose_params(["strategy=shunde_2025", "days=120"])).timeseries
    found, cleared = ts["sites_found_construction"].sum(), ts["sites_cleared_construction"].sum()
    assert found > 0 and cleared <= found


# --- 6. rechecks wait for a team -----------------------------------------------------------------
def test_rechecks_wait_through_days_without_teams():
    model = model_of("strategy=three_person_team", *WAR_NOW[:3], "strategy.workforce.training_days=3")
    model.campaign.rechecks.update(dict.fromkeys(range(10), 0))
    run_days(model, 3)  # days 0-2: training, nobody in the field
    assert model.campaign.counters["staff_on_duty"] == 0
    assert all(model.campaign.rechecks.get(h) == 0 for h in range(10))  # kept, not dropped
    run_days(model, 2)
    # Done (or booked again for a later day because containers were back).
    assert all(model.campaign.rechecks.get(h, 10**6) > 0 for h in range(10))


def test_rechecks_a_team_had_no_time_for_stay_pending():
    model = model_of("strategy=three_person_team", *WAR_NOW, "strategy.workforce.hours_per_day=1",
                     "staffing.pool.cadre=1", "staffing.pool.grid_worker=1", "staffing.pool.medic=1",
                     "strategy.deployment.availability=1", "roles.grid_worker.availability=1")
    model.campaign.rechecks.update(dict.fromkeys(range(200), 0))
    model.step()
    done = model.campaign.counters["rechecks_today"]
    assert 0 < done <= 3  # one team, one hour
    assert len(model.campaign.rechecks) >= 200 - done  # the rest wait for another day
    assert model.campaign.counters["rechecks_pending"] == len(model.campaign.rechecks)


# --- 7. every piece of field work is staffed and booked -------------------------------------------
def test_outdoor_work_and_publicity_cost_person_days():
    s = simulate(compose_params(["strategy=shunde_2025", "days=60"])).summary
    by_work = s["person_days_by_work"]
    assert by_work["spray"] > 0 and by_work["cleanup"] > 0 and by_work["publicity"] > 0
    assert sum(by_work.values()) == s["person_days_total"]
    assert s["staff_person_days"]["sprayer"] == by_work["spray"]


def test_cleanup_teams_stay_home_when_no_public_site_is_due():
    def cleanup_days(revisit: int) -> int:
        return simulate(compose_params([
            "strategy=full_cadre", *WAR_NOW, "days=40", "strategy.outdoor.cleanup=true",
            "strategy.workforce.teams=[cleanup_crew,cadre_pair]",
            f"strategy.outdoor.cleanup_revisit_days={revisit}"])).summary["person_days_by_work"]["cleanup"]

    # 120 public sites, up to four crews of ten sites a day: busy every day when sites are due
    # again after 2 days, and home most days when only every 30 days.
    assert 0 < cleanup_days(30) < 0.5 * cleanup_days(2)


def test_spraying_capacity_is_set_by_the_crews():
    def sprayed(sprayers: int) -> float:
        return simulate(compose_params(["strategy=shunde_2025", "days=45",
                                        f"staffing.pool.sprayer={sprayers}"])).timeseries[
            "cells_sprayed_today"].sum()

    assert sprayed(8) > 1.5 * sprayed(2)


# --- 8. one random stream per mechanism -----------------------------------------------------------
def _stream_states(*overrides: str, days: int = 12) -> dict[str, dict]:
    model = run_days(model_of("strategy=three_person_team", *WAR_NOW, *overrides, days=days), days)
    return {name: model.streams[name].bit_generator.state for name in
            ("campaign.roster", "campaign.inspect", "vector")}


def test_switching_a_mechanism_on_leaves_the_other_mechanisms_draws_alone():
    # Publicity and spraying change mosquitoes and awareness, but the roster draws the same numbers.
    base = _stream_states()
    more = _stream_states("strategy.publicity.enabled=true",
                          "strategy.workforce.teams=[publicity_volunteers,spray_crew,three_person]",
                          "strategy.outdoor.spraying=true", "strategy.outdoor.spray_zone=village")
    assert more["campaign.roster"] == base["campaign.roster"]
    # Fever screening draws from its own stream: on the first wartime day the inspections draw
    # exactly what they drew without it.
    one = _stream_states("strategy.inspection.fever_screening=false", days=1)
    two = _stream_states("strategy.inspection.fever_screening=true", days=1)
    assert one["campaign.inspect"] == two["campaign.inspect"]


def test_knockdown_does_not_draw_from_the_mosquitoes_stream():
    model = model_of("strategy=three_person_team", days=2)
    before = model.streams["vector"].bit_generator.state
    kill = np.full(model.village.n_cells, 0.5)
    assert model.mosquitoes.kill_in_cells([(kill, model.streams["campaign.knockdown"])]) > 0
    assert model.streams["vector"].bit_generator.state == before


# --- 9. isolation acts on reported cases only -----------------------------------------------------
def test_isolation_takes_reported_cases_whatever_their_hidden_state():
    model = model_of("strategy=shunde_2025", *WAR_NOW, "outbreak.seed_infections=40", days=40)
    pop, s = model.population, model.surveillance
    window = model.params.strategy.inspection.isolation_days
    recovered_but_isolated = False
    for _ in range(40):
        model.step()
        today = model.day - 1
        person = np.asarray(s.case_person, dtype=int)
        reported_on = np.asarray(s.case_day, dtype=int)
        isolated = model.protections.isolated_until >= today
        recent = np.zeros(pop.n, bool)
        recent[person[reported_on >= today - window]] = True
        assert not (isolated & ~recent).any()  # nobody unreported, nobody past the window
        # Every case reported before today is isolated (today's screening finds wait a day).
        earlier = person[(reported_on >= today - window) & (reported_on < today)]
        assert isolated[earlier].all()
        recovered_but_isolated |= bool((pop.state[isolated] == HumanState.RECOVERED).any())
    # The campaign cannot see who has recovered: the first build released them early.
    assert recovered_but_isolated
