"""The district (issue 16): its map, its totals, its command, its movement, reproducibility.

A tiny district (4 villages of about 150 houses, 45 days, the Shunde strategy with an
early trigger) keeps the module fast; the demo and Shunde presets are measured by the
benchmark and run by the README's commands.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from sim.cli.compose import compose_params
from sim.district.command import allocate
from sim.district.model import DistrictModel, district_threads
from sim.district.outputs import district_summary, district_table, risk_level, villages_csv
from sim.district.place import MIN_HOUSEHOLDS, district_place, resized_village
from sim.district.villages import village_params
from sim.metrics import INDEX_COUNTS
from sim.model import CampaignModel
from sim.simulate import simulate

TINY = ("district=demo", "district.villages=4", "district.towns=2", "district.residents=2400",
        "district.command.organisations=2", "district.command.echelon_per_day=12", "days=45",
        "strategy=shunde_2025", "strategy.trigger.case_threshold=2", "outbreak.seed_infections=6")


def run_tiny(*extra: str) -> DistrictModel:
    params = compose_params([*TINY, *extra])
    model = DistrictModel(params)
    for _ in range(params.days):
        model.step()
    return model


@pytest.fixture(scope="module")
def tiny() -> DistrictModel:
    return run_tiny()


def test_place_adds_up_and_pairs_every_village() -> None:
    params = compose_params(["district=shunde", "district.scale=0.05"])
    place = district_place(params)
    d = params.district
    per_house = (1 - params.village.idle_fraction) * params.village.mean_residents
    assert place.n == 205
    assert place.households.min() >= MIN_HOUSEHOLDS
    assert place.households.sum() == round(d.simulated_residents / per_house)
    assert sorted(set(place.town.tolist())) == list(range(d.towns))  # no empty town
    assert all(place.organisation)  # every village has an organisation
    assert {k for orgs in place.organisation for k in orgs} == set(range(d.command.organisations))
    side = d.area_km2**0.5
    assert place.x_km.min() >= 0 and place.x_km.max() <= side


def test_pairing_by_town_keeps_organisations_in_their_town() -> None:
    params = compose_params(["district=shunde", "district.scale=0.05", "district.command.pairing=by_town"])
    place = district_place(params)
    town_of_org: dict[int, set[int]] = {}
    for v, orgs in enumerate(place.organisation):
        for k in orgs:
            town_of_org.setdefault(k, set()).add(int(place.town[v]))
    assert all(len(towns) == 1 for towns in town_of_org.values())
    assert len(town_of_org) == 58


def test_resized_village_keeps_the_densities() -> None:
    base = compose_params([]).village
    small = resized_village(base, base.households // 4)
    assert small.households == base.households // 4
    assert small.width_cells == round(base.width_cells / 2)
    assert small.settlements == round(base.settlements / 4)
    assert resized_village(base, base.households) == base


@pytest.mark.parametrize("seed", range(30))
def test_allocate_respects_total_and_capacity(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 12))
    weights = rng.random(n) * (rng.random(n) < 0.7)
    capacity = rng.integers(0, 30, n)
    total = int(rng.integers(0, 200))
    given = allocate(total, weights, capacity)
    assert (given >= 0).all() and (given <= capacity).all()
    assert (given[weights == 0] == 0).all()
    assert given.sum() == min(total, capacity[weights > 0].sum())


def test_allocate_is_proportional_when_nothing_is_full() -> None:
    given = allocate(100, np.array([1.0, 3.0, 0.0, 6.0]), np.array([1000, 1000, 1000, 1000]))
    assert given.tolist() == [10, 30, 0, 60]


def test_totals_are_sums_and_indices_are_recomputed(tiny: DistrictModel) -> None:
    table = district_table(tiny)
    tables = [m.recorder.table() for m in tiny.villages]
    for column in ("new_infections", "new_reported_cases", "adult_mosquitoes", "staff_on_duty",
                   "households_visited_today", "sites_cleared_today", "houses_inspected_7d"):
        assert np.array_equal(table[column], sum(t[column] for t in tables)), column
    houses = sum(m.village.n_households for m in tiny.villages)
    positive = sum(m.recorder.counts[INDEX_COUNTS[0]] for m in tiny.villages)
    assert np.allclose(table["breteau_index"], 100 * positive / houses, atol=1e-4)
    # A village's own index is what its numerators give.
    for m, t in zip(tiny.villages, tables, strict=True):
        own = 100 * m.recorder.counts[INDEX_COUNTS[0]] / m.village.n_households
        assert np.allclose(t["breteau_index"], own, atol=1e-4)
    residents = sum(m.population.n for m in tiny.villages)
    assert np.allclose(table["adults_per_person"], table["adult_mosquitoes"] / residents, atol=1e-4)
    shares = sum(table[f"affected_share_{name}"] for name in ("safe", "low", "medium", "high"))
    assert np.allclose(shares[table["villages_affected"] > 0], 1.0)
    summary = district_summary(tiny, table, 0.0)
    assert summary["total_infections"] == int(table["new_infections"].sum())
    assert summary["population"] == residents
    assert summary["district"]["villages"] == 4


def test_echelon_caps_the_organisations_members(tiny: DistrictModel) -> None:
    caps = np.array(tiny.caps_by_day)  # day x village, -1 = no cap
    assert (caps >= 0).any(), "the campaign never started: the test district must reach wartime"
    assert caps.max(axis=1).max() <= 12
    assert (np.maximum(caps, 0).sum(axis=1) <= 12).all()


def test_echelon_cap_is_honoured_on_the_roster() -> None:
    """With an echelon of 1, each village at war fields at most 1 organisation member a day
    outside a full-deployment window (a mutation that ignores the cap fails this)."""
    model = run_tiny("district.command.echelon_per_day=1", "strategy.deployment.enabled=false")
    unit_roles = {name for name, role in model.params.roles.items() if role.pairing == "unit"}
    tables = [m.recorder.table() for m in model.villages]
    on_duty = sum(sum(t[f"on_duty_{r}"] for r in unit_roles) for t in tables)
    caps = np.maximum(np.array(model.caps_by_day), 0).sum(axis=1)
    assert caps.max() == 1
    assert (on_duty <= caps).all()


def test_same_seed_same_outputs(tiny: DistrictModel) -> None:
    again = run_tiny()
    assert villages_csv(again) == villages_csv(tiny)
    a, b = district_table(again), district_table(tiny)
    assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("kernels", ["never", "always"])
def test_threads_never_change_an_output(kernels: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Villages stepped on one thread or on four (the compiled passes too, which run without
    the GIL) give byte-identical outputs."""
    monkeypatch.setenv("VCSIM_KERNELS", kernels)
    runs = []
    for threads in ("1", "4"):
        monkeypatch.setenv("VCSIM_DISTRICT_THREADS", threads)
        model = run_tiny("days=30")
        assert (model._pool is None) == (threads == "1")
        runs.append((villages_csv(model), district_table(model)))
        model.close()
    (csv_one, table_one), (csv_four, table_four) = runs
    assert csv_one == csv_four
    assert all(np.array_equal(table_one[k], table_four[k]) for k in table_one)


def test_a_pool_worker_steps_its_district_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VCSIM_DISTRICT_THREADS", raising=False)
    assert district_threads() == len(os.sched_getaffinity(0))
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    with pool:
        assert pool.submit(district_threads).result() == 1
    monkeypatch.setenv("VCSIM_DISTRICT_THREADS", "2")
    assert district_threads() == 2


def test_a_village_of_the_district_is_a_single_village_run() -> None:
    """Without movement, an echelon cap or a district-wide trigger, each village of a district is exactly
    the single-village run of its own parameters."""
    model = run_tiny("district.mobility.share_away=0", "district.command.echelon_per_day=0",
                     "district.command.trigger_scope=village", "district.command.medics=village")
    place = model.place
    for i in (0, 3):
        alone = CampaignModel(village_params(model.params, place, i, i in set(model.seeded.tolist())))
        for _ in range(model.params.days):
            alone.step()
        mine, theirs = model.villages[i].recorder.table(), alone.recorder.table()
        assert all(np.array_equal(mine[k], theirs[k]) for k in mine), i


def test_movement_carries_infections_between_villages() -> None:
    """Only one village is seeded; with movement others are infected from it, without
    movement no other village ever has an infection."""
    still = run_tiny("district.mobility.share_away=0", "days=60")
    moving = run_tiny("district.mobility.share_away=0.3", "days=60")
    seeded = set(still.seeded.tolist())
    others = [i for i in range(4) if i not in seeded]
    assert sum(still.villages[i].recorder.cumulative_infections for i in others) == 0
    assert sum(moving.villages[i].recorder.cumulative_infections for i in others) > 0
    assert sum(m.arrived_infections for m in moving.villages) > 0
    # the other way: infectious visitors from the seeded village infect the hosts' mosquitoes
    assert sum(m.visitor_exposed_mosquitoes for m in still.villages) == 0
    assert sum(moving.villages[i].visitor_exposed_mosquitoes for i in others) > 0
    assert district_table(moving)["mosquitoes_infected_by_visitors"].sum() == sum(
        m.visitor_exposed_mosquitoes for m in moving.villages)


def test_visitor_bites_follow_their_expected_number() -> None:
    """The bites on infectious visitors that infect, day by day: Poisson with mean
    p_human_to_mosquito x bites per resident x infectious visitors (gravity-weighted); over the
    run the total is within 4 standard deviations of the sum of the daily means."""
    params = compose_params([*TINY, "district.mobility.share_away=0.3", "days=60"])
    model = DistrictModel(params)
    means, drawn = [], []
    for _ in range(params.days):
        mob = model.mobility
        visitors = mob.shares.T @ mob.infectious_weight
        means.append(mob.p_human_to_mosquito * mob.bites_per_resident * visitors)
        model.step()
        drawn.append(model.visitor_bites_by_day[-1])
    model.close()
    mean, total = np.sum(means), np.sum(drawn)
    assert mean > 20  # the route was exercised
    assert abs(total - mean) < 4 * np.sqrt(mean)


def test_district_trigger_switches_every_village_together() -> None:
    model = run_tiny("district.command.trigger_scope=district")
    starts = {m.campaign.wartime_start_day for m in model.villages}
    assert len(starts) == 1 and None not in starts


def test_allocation_by_cases_sends_the_echelon_where_cases_are() -> None:
    model = run_tiny("district.command.allocation=cases", "district.command.trigger_scope=district",
                     "district.mobility.share_away=0.3", "days=60")
    caps = np.maximum(np.array(model.caps_by_day), 0).sum(axis=0)
    cases = np.array([m.recorder.cumulative_reported for m in model.villages])
    assert caps[np.argmax(cases)] == caps.max()


def test_simulate_writes_district_files() -> None:
    params = compose_params([*TINY, "days=10"])
    result = simulate(params)
    assert set(result.files) == {"villages.csv", "places.csv"}
    assert result.files["villages.csv"].count("\n") == 1 + 4 * 10
    assert result.summary["district"]["name"] == "demo"


def test_risk_levels_follow_the_national_scale() -> None:
    bi = np.array([0.0, 4.99, 5.0, 9.9, 10.0, 19.9, 20.0, 80.0])
    assert risk_level(bi).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_village_params_have_no_district_and_own_seed() -> None:
    params = compose_params(list(TINY))
    place = district_place(params)
    a, b = (village_params(params, place, i, False) for i in (0, 1))
    assert not a.district.enabled and a.seed != b.seed
    assert a.outbreak.seed_infections == 0
    assert dataclasses.replace(a, seed=b.seed).strategy == b.strategy
