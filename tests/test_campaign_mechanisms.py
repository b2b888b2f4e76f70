"""Each campaign mechanism has its effect, on the small village with fixed seeds.

Runs are short (30-60 days) and paired by seed: the runs of one comparison
share every random stream until the campaign changes the state, so a handful
of seeds is enough to show a direction.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.cli.compose import compose_params
from sim.model import CampaignModel
from sim.simulate import simulate

#: Wartime from day 0 so short runs see the campaign at work.
WAR_NOW = ("strategy.trigger.mode=day", "strategy.trigger.day=0",
           "strategy.trigger.mobilisation_delay_days=0")
#: Enough spray crews to fog every inhabited cell of the small village in a day.
CREWS = ("strategy.workforce.teams=[spray_crew]", "staffing.pool.sprayer=60",
         "strategy.workforce.training_days=0")


def run(*overrides: str, days: int = 30, seed: int = 0):
    params = compose_params(["village=small", f"days={days}", f"seed={seed}", *overrides])
    return simulate(params)


def sweep(*overrides: str, days: int = 30, seed: int = 0):
    return run("strategy=full_cadre", *WAR_NOW, *overrides, days=days, seed=seed)


def test_peacetime_then_wartime_after_first_report_and_delay():
    r = run("strategy=full_cadre", "strategy.trigger.mobilisation_delay_days=3", days=60)
    ts = r.timeseries
    first_report = int(np.flatnonzero(ts["new_reported_cases"] > 0)[0])
    start = r.summary["wartime_start_day"]
    assert start == first_report + 3
    assert ts["staff_on_duty"][:start].sum() == 0  # peacetime: no wartime work
    assert ts["staff_on_duty"][start + 1:start + 4].min() > 0  # after one training day


def test_baseline_never_switches():
    s = run("strategy=baseline", days=40).summary
    assert s["wartime_start_day"] is None and s["person_days_total"] == 0


def test_full_deployment_window_puts_more_cadres_on_duty():
    # Houses are due again after 2 days, so there is always more work than staff.
    ts = sweep("strategy.deployment.start_after_wartime_days=10",
               "strategy.deployment.duration_days=7", "strategy.workforce.training_days=0",
               "strategy.targeting.sweep_revisit_days=2").timeseries
    inside = ts["on_duty_cadre"][10:17].mean()
    outside = ts["on_duty_cadre"][20:30].mean()
    assert inside > 2 * outside


def test_time_per_action_sets_daily_capacity():
    # Houses are due again every day, so time (not the list of due houses) limits the work.
    busy = ("strategy.targeting.sweep_revisit_days=1", "strategy.deployment.start_after_wartime_days=0")
    quick = sweep(*busy, "strategy.inspection.inspection_minutes=10").summary["households_visited"]
    slow = sweep(*busy, "strategy.inspection.inspection_minutes=40").summary["households_visited"]
    assert slow < 0.6 * quick


def test_training_first_finds_and_clears_better_than_untrained():
    trained = [sweep("strategy.workforce.training_days=2", seed=s).summary for s in range(3)]
    untrained = [sweep("strategy.workforce.training_days=0", "strategy.workforce.mentoring_per_day=0",
                       seed=s).summary for s in range(3)]
    assert np.mean([t["clearance_rate"] for t in trained]) > np.mean(
        [u["clearance_rate"] for u in untrained]) + 0.05
    per_visit = [t["sites_found"] / t["households_visited"] for t in trained]
    per_visit_u = [u["sites_found"] / u["households_visited"] for u in untrained]
    assert np.mean(per_visit) > np.mean(per_visit_u)


def test_mentoring_raises_new_staff_skill():
    # As many grid workers as cadres, all on duty: every cadre works beside a trained grid worker.
    params = compose_params(["village=small", "days=15", "strategy=full_cadre", *WAR_NOW,
                             "strategy.workforce.teams=[cadre_grid]",
                             "strategy.workforce.training_days=0", "staffing.pool.cadre=12",
                             "staffing.pool.grid_worker=12", "strategy.deployment.enabled=false",
                             "strategy.deployment.part_time_availability=1",
                             "roles.grid_worker.availability=1"])
    model = CampaignModel(params)
    role = params.roles["cadre"]
    mentoring = params.strategy.workforce.mentoring_per_day
    cadres = model.campaign.workforce.of_role("cadre")
    assert all(c.skill == role.skill_untrained for c in cadres)
    for _ in range(15):
        model.step()
    assert any(c.days_worked >= 3 for c in cadres)
    # Each day worked beside a trained member closes mentoring_per_day of the initial gap.
    step = mentoring * (role.skill_trained - role.skill_untrained)
    for c in cadres:
        assert c.skill == pytest.approx(min(role.skill_trained, role.skill_untrained + c.days_worked * step))


def test_grid_worker_opens_more_idle_houses_per_day():
    # Half the houses idle, everyone on duty, two days: unlocking time limits the work.
    idle = ("strategy.targeting.include_idle_houses=true", "village.idle_fraction=0.5",
            "staffing.pool.cadre=10", "staffing.pool.grid_worker=10", "strategy.workforce.training_days=0",
            "strategy.deployment.enabled=false", "strategy.deployment.part_time_availability=1",
            "roles.grid_worker.availability=1")
    alone = sweep(*idle, "strategy.workforce.teams=[cadre_pair]", days=2).summary
    with_grid = sweep(*idle, "strategy.workforce.teams=[cadre_grid]", days=2).summary
    per_day = [s["idle_houses_opened"] / s["person_days_total"] for s in (alone, with_grid)]
    assert per_day[1] > 1.3 * per_day[0]


def test_idle_house_clearance_is_reported_and_lower():
    s = sweep("strategy.targeting.include_idle_houses=true",
              "strategy.workforce.teams=[three_person]", days=40).summary
    assert s["idle_house_clearance_rate"] is not None
    assert 0.7 < s["idle_house_clearance_rate"] < s["clearance_rate"] <= 1.0


def test_medic_in_team_raises_finds_per_visit():
    # First wartime day only, before earlier visits change what is left to find; 3 seeds pooled.
    def found_per_visit(shape: str) -> float:
        found = visits = 0
        for seed in range(3):
            # Eight of each role, all on duty: eight teams of the shape and no fallback teams.
            ts = sweep(f"strategy.workforce.teams=[{shape}]", "strategy.workforce.training_days=0",
                       "staffing.pool.cadre=8", "staffing.pool.grid_worker=8", "staffing.pool.medic=8",
                       "strategy.deployment.availability=1", "roles.grid_worker.availability=1",
                       "strategy.workforce.mentoring_per_day=0", days=1, seed=seed).timeseries
            found += ts["sites_found_today"][0]
            visits += ts["households_visited_today"][0]
        return found / visits

    assert found_per_visit("three_person") > 1.05 * found_per_visit("cadre_grid")


def test_teaching_raises_awareness():
    taught = sweep("strategy.inspection.teach_awareness_gain=0.5").timeseries["awareness_mean"][-1]
    untaught = sweep("strategy.inspection.teach_awareness_gain=0.0").timeseries["awareness_mean"][-1]
    assert taught > untaught + 0.05


def test_indoor_knockdown_lowers_adults():
    kill = sweep("strategy.inspection.indoor_knockdown=0.7", days=15).timeseries["adult_mosquitoes"]
    none = sweep("strategy.inspection.indoor_knockdown=0.0", days=15).timeseries["adult_mosquitoes"]
    # It reaches only the indoor-resting share (0.15 x 0.7 of a cell's adults once all its
    # houses are visited), so the cut is a few per cent, not the 64-83% of aegypti trials.
    assert kill[5:].mean() < 0.99 * none[5:].mean()
    assert kill[5:].mean() > 0.8 * none[5:].mean()


def test_knockdown_of_a_cells_houses_adds_up_to_the_indoor_share_without_compounding():
    params = compose_params(["village=small", "strategy=full_cadre", "vector.indoor_resting_share=0.2",
                             "strategy.inspection.indoor_knockdown=0.7", "days=1"])
    model = CampaignModel(params)
    v = model.village
    share = model.campaign.house_kill_cell
    per_cell = np.bincount(v.hh_cell, weights=share[v.hh_cell], minlength=v.n_cells)
    inhabited = np.bincount(v.hh_cell, minlength=v.n_cells) > 0
    # Every house of a cell visited: exactly 0.7 x 0.2 of the cell's adults, however many houses.
    np.testing.assert_allclose(per_cell[inhabited], 0.7 * 0.2)
    assert (share[~inhabited] == 0).all()


def test_larvicide_lowers_immatures_in_plants():
    with_l = sweep("strategy.inspection.larvicide=true", days=25).timeseries["immature_mosquitoes"]
    without = sweep("strategy.inspection.larvicide=false", days=25).timeseries["immature_mosquitoes"]
    assert with_l[-5:].mean() < without[-5:].mean()


def test_spraying_lowers_adults_for_its_residual_period():
    spray = ("strategy.outdoor.spraying=true", "strategy.outdoor.spray_zone=village",
             "strategy.outdoor.spray_interval_days=30", "strategy.outdoor.spray_residual_days=4",
             "strategy.targeting.mode=none", *CREWS)
    on = run("strategy=full_cadre", *WAR_NOW, *spray, days=8).timeseries["adult_mosquitoes"]
    off = run("strategy=full_cadre", *WAR_NOW, "strategy.targeting.mode=none",
              days=8).timeseries["adult_mosquitoes"]
    assert on[0] < 0.7 * off[0]  # the fogging round
    assert np.all(on[:5] < off[:5])  # and the residual days after it


def test_vehicle_spraying_is_weak_against_albopictus():
    base = ("strategy.outdoor.spraying=true", "strategy.outdoor.spray_zone=village",
            "strategy.targeting.mode=none", *CREWS)
    hand = run("strategy=full_cadre", *WAR_NOW, *base, "strategy.outdoor.spray_method=handheld",
               days=3).timeseries["adult_mosquitoes"][0]
    car = run("strategy=full_cadre", *WAR_NOW, *base, "strategy.outdoor.spray_method=vehicle",
              days=3).timeseries["adult_mosquitoes"][0]
    assert hand < 0.8 * car


def test_cleanup_clears_public_sites():
    ts = run("strategy=full_cadre", *WAR_NOW, "strategy.targeting.mode=none",
             "strategy.workforce.teams=[cleanup_crew,cadre_pair]", "strategy.workforce.training_days=0",
             "strategy.outdoor.cleanup=true", "strategy.outdoor.cleanup_drive_days=[0]",
             days=5).timeseries
    assert ts["sites_cleared_public"][0] > 0
    assert ts["sites_cleared_public"][0] > ts["sites_cleared_public"][1:].max()


def test_construction_sites_rectified_only_after_clean_recheck():
    params = compose_params(["village=small", "days=30", "strategy=full_cadre", *WAR_NOW,
                             "strategy.workforce.training_days=0",
                             "strategy.targeting.mode=none", "strategy.outdoor.construction_loop=true",
                             "strategy.outdoor.rectify_delay_days=2",
                             "strategy.outdoor.recheck_delay_days=2"])
    model = CampaignModel(params)
    con = model.campaign.outdoor.construction[0]
    model.step()  # day 0: check and feedback
    assert not model.sites.rectified[con.sites].any()
    assert model.campaign.counters["sites_found_construction"] > 0
    for _ in range(2):
        model.step()  # day 2: owner rectifies
    assert not model.sites.rectified[con.sites].any()
    for _ in range(10):
        model.step()
    assert con.closed and model.sites.rectified[con.sites].all()
    assert not model.sites.wet[con.sites].any()


def test_publicity_raises_awareness_with_diminishing_returns():
    ts = run("strategy=publicity_only", *WAR_NOW, "strategy.publicity.events_per_team_day=2",
             days=40).timeseries
    a = ts["awareness_mean"]
    assert a[-1] > a[0] + 0.3
    assert a[10] - a[0] > a[39] - a[29]  # later events add less


def test_coils_protect_household_members():
    params = compose_params(["village=small", "days=5", "strategy=publicity_only", *WAR_NOW,
                             "strategy.publicity.events_per_team_day=3"])
    model = CampaignModel(params)
    for _ in range(5):
        model.step()
    assert (model.protections.bite_blocked == params.strategy.publicity.coil_efficacy).sum() > 0


def test_fever_screening_reports_cases_during_visits():
    common = ("strategy=three_person_team", "strategy.trigger.mode=day", "strategy.trigger.day=10",
              "outbreak.seed_infections=15")
    on = run(*common, days=40)
    off = run(*common, "strategy.inspection.fever_screening=false", days=40)
    assert on.timeseries["cases_found_by_screening"].sum() > 0
    assert off.timeseries["cases_found_by_screening"].sum() == 0
    # Screening finds ill people before the clinic reports them: more are reported early.
    assert on.timeseries["cumulative_reported_cases"][15] > off.timeseries["cumulative_reported_cases"][15]


@pytest.mark.slow
def test_isolation_and_fast_reporting_reduce_infections():
    on = ("strategy.inspection.isolation=true", "strategy.inspection.report_delay_days_wartime=1")
    totals_on, totals_off = [], []
    for seed in range(4):
        # Without pre-symptomatic viraemia: with it (1.5 d) the mosquitoes a case infects before
        # its report are enough to infect nearly the whole small village either way (measured:
        # 1,637 vs 1,656 infections), which the README discusses.
        common = ("strategy=full_cadre", *WAR_NOW, "strategy.targeting.mode=none",
                  "outbreak.seed_infections=10", "disease.presymptomatic_days=0")
        totals_on.append(run(*common, *on, days=60, seed=seed).summary["total_infections"])
        totals_off.append(run(*common, days=60, seed=seed).summary["total_infections"])
    assert np.mean(totals_on) < 0.8 * np.mean(totals_off)


def test_medic_rotation_lowers_medic_fatigue():
    common = ("strategy=shunde_2025", *WAR_NOW, "strategy.deployment.start_after_wartime_days=8",
              "strategy.workforce.medic_rotation={}")

    def medic_fatigue(rotation: bool) -> float:
        params = compose_params(["village=small", "days=18",
                                 *[c.format(str(rotation).lower()) for c in common]])
        model = CampaignModel(params)
        for _ in range(18):
            model.step()
        return float(np.mean([m.fatigue for m in model.campaign.workforce.of_role("medic")]))

    assert medic_fatigue(True) < medic_fatigue(False) - 0.05


def test_cadre_units_work_in_their_paired_areas():
    # Default village, 6 units: on the first wartime day (houses due everywhere) cadre pairs
    # work in the area their unit is paired with ("double reporting"); a few are lent to a
    # neighbouring area whose houses outnumber its unit's people (groups are lumpy), and
    # every team works the houses of one area.
    params = compose_params(["days=1", "strategy=full_cadre", *WAR_NOW, "event_log=true",
                             "strategy.workforce.training_days=0"])
    model = CampaignModel(params)
    model.step()
    areas = model.campaign.areas
    assert model.campaign.teams
    home = [t.area == areas.unit_area[t.members[0].unit] == t.members[0].area for t in model.campaign.teams]
    assert np.mean(home) >= 0.8
    for e in model.campaign.events:
        team = next(t for t in model.campaign.teams if t.team_id == e["team"])
        assert areas.area_of_household[e["household"]] == team.area


def test_quality_rechecks_happen_and_follow_reappearing_sites():
    result = run("strategy=full_cadre", *WAR_NOW, "strategy.inspection.recheck_fraction=0.5",
                 "event_log=true", days=20)
    rechecks = [e for e in result.events if "recheck=1" in e["detail"]]
    assert result.timeseries["rechecks_today"].sum() == len(rechecks) > 0
    # A recheck that finds containers back books another recheck of that house.
    back = {e["household"]: e["day"] for e in rechecks if not e["detail"].startswith("found=0")}
    later = {(e["household"], e["day"]) for e in rechecks}
    assert all(any(h == k and d > day for k, d in later) for h, day in back.items() if day < 14)
