"""Edge cases: each either runs with sensible output or fails with a clear ConfigError.

Decisions (documented in docs/readme/80-errors-and-guarantees.md):

- zero staff of a role: a strategy whose teams (and their fallback shapes) all
  need that role is refused (``strategy.workforce.teams`` /
  ``strategy.peacetime.routine_teams``); otherwise the run goes ahead and nobody
  of that role is ever on duty;
- every house idle (``village.idle_fraction=1``): the run goes ahead with no
  residents and reports no infections (the command line logs a warning);
- no mosquitoes or no breeding sites: only imported infections, no local spread.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np
import pytest

from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.humans import IMPORTED, HumanState
from sim.model import CampaignModel
from sim.params.run_params import RunParams
from sim.simulate import RunResult, simulate

STRATEGIES = config_groups(CONFIG_DIR)["strategy"]
STAFFING = config_groups(CONFIG_DIR)["staffing"]

#: A hamlet of 60 houses on 12 x 12 cells: every run below takes well under a second.
TINY = ("village=small", "village.width_cells=12", "village.height_cells=12", "village.households=60",
        "village.settlements=2", "village.construction_sites=1", "village.sites_per_construction_site=5",
        "vector.warmup_days=20", "outbreak.seed_infections=4", "disease.p_seek_care=1",
        "disease.p_symptomatic=1", "disease.report_delay_days=1")

NO_SITES = (*(f"village.site_types.{n}.mean_per_household=0"
              for n in ("hydroponic_plant", "bucket", "flower_pot", "tyre", "gutter")),
            *(f"village.public_sites.{n}.per_group=0" for n in ("puddle", "garbage", "weedy_corner")),
            "village.construction_sites=0", "village.uncounted_habitat=false")


@functools.cache
def tiny(*overrides: str) -> RunParams:
    return compose_params([*TINY, "days=25", *overrides])


def checked(result: RunResult, params: RunParams) -> RunResult:
    """The invariants every run must keep, whatever its configuration."""
    ts, s = result.timeseries, result.summary
    assert all(col.size == params.days for col in ts.values())
    for name, col in ts.items():
        assert np.isfinite(col).all() and (col >= 0).all(), name
    seir = (ts["susceptible_humans"] + ts["exposed_humans"] + ts["infectious_humans"]
            + ts["recovered_humans"])
    assert (seir == s["population"]).all()
    assert (np.diff(ts["cumulative_infections"]) >= 0).all()
    assert s["clearance_rate"] is None or 0 <= s["clearance_rate"] <= 1
    return result


def run(params: RunParams) -> RunResult:
    return checked(simulate(params), params)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("zero", ["cadre", "grid_worker", "medic", "sprayer", "all"])
def test_zero_staff_of_a_role_runs_without_that_role_or_is_refused_clearly(strategy, zero):
    # Organisation presets come with a staffing of their name.
    base = tiny(f"strategy={strategy}", f"staffing={strategy if strategy in STAFFING else 'default'}")
    pool = dict.fromkeys(base.staffing.pool, 0) if zero == "all" else {**base.staffing.pool, zero: 0}
    try:
        params = replace(base, staffing=replace(base.staffing, pool=pool))
    except ConfigError as err:
        assert err.key.startswith(("strategy.", "staffing.")), err
        assert "staffing" in str(err), err  # the message says which staff is missing
        return
    ts = run(params).timeseries
    for role in pool if zero == "all" else [zero]:
        assert (ts[f"on_duty_{role}"] == 0).all(), role
    if zero == "all":
        assert (ts["staff_on_duty"] == 0).all()
        assert (ts["households_visited_today"] == 0).all()


def test_zero_mosquitoes_only_imported_infections():
    params = tiny("vector.initial_adults_per_site=0", "strategy=shunde_2025")
    result = run(params)
    ts, s = result.timeseries, result.summary
    assert (ts["adult_mosquitoes"] == 0).all() and (ts["infectious_mosquitoes"] == 0).all()
    assert s["total_infections"] == s["imported_infections"] == 4


def test_zero_breeding_sites_no_mosquitoes_no_indices():
    result = run(tiny(*NO_SITES, "strategy=shunde_2025"))
    ts, s = result.timeseries, result.summary
    assert s["breeding_sites"] == 0
    for col in ("adult_mosquitoes", "immature_mosquitoes", "active_breeding_sites", "breteau_index",
                "house_index", "sites_found_today"):
        assert (ts[col] == 0).all(), col
    assert s["clearance_rate"] is None
    assert s["total_infections"] == s["imported_infections"]


@pytest.mark.parametrize("strategy", ["baseline", "shunde_2025"])
def test_every_house_idle_runs_with_nobody_infected(strategy):
    s = run(tiny("village.idle_fraction=1", f"strategy={strategy}")).summary
    assert s["population"] == 0 and s["idle_households"] == s["households"] == 60
    assert s["total_infections"] == s["total_reported_cases"] == 0
    assert s["attack_rate"] in (0.0, None)
    assert s["peak_day"] is None and s["r0_case_to_case_early"] is None


@pytest.mark.parametrize("strategy", ["baseline", "ring_zoning", "shunde_2025"])
def test_one_household(strategy):
    s = run(tiny("village.households=1", "village.idle_fraction=0", "village.groups_x=1",
                 "village.groups_y=1", f"strategy={strategy}")).summary
    assert s["households"] == 1 and s["population"] >= 1
    assert s["total_infections"] <= s["population"]


def _corner_person(model: CampaignModel) -> int | None:
    v = model.village
    corners = {(0, 0), (0, v.height - 1), (v.width - 1, 0), (v.width - 1, v.height - 1)}
    for person, hh in enumerate(v.person_household):
        if (int(v.hh_x[hh]), int(v.hh_y[hh])) in corners:
            return person
    return None


@pytest.mark.parametrize("radius_m", [100.0, 5000.0])
def test_a_case_in_a_grid_corner_opens_a_ring_without_error(radius_m):
    """A case on the border: rings, spraying and moves reach past the edge of the grid."""
    overrides = ("village.width_cells=4", "village.height_cells=4", "village.households=24",
                 "village.settlement_radius_cells=3", "village.groups_x=2", "village.groups_y=2",
                 "outbreak.seed_infections=0", "strategy=ring_zoning",
                 f"strategy.targeting.core_radius_m={radius_m}",
                 f"strategy.targeting.warning_radius_m={2 * radius_m}",
                 f"strategy.targeting.outer_radius_m={3 * radius_m}")
    params = next(p for seed in range(40)
                  if _corner_person(CampaignModel(p := tiny(*overrides, f"seed={seed}"))) is not None)
    model = CampaignModel(params)
    person = _corner_person(model)
    assert model.population.infect(np.array([person]), 0, np.array([IMPORTED])) == 1
    result = checked(simulate(params, model=model), params)
    assert model.population.state[person] != HumanState.SUSCEPTIBLE
    assert result.summary["total_reported_cases"] >= 1
    assert result.timeseries["ring_areas_active"].max() >= 1


def test_a_single_day():
    result = run(tiny("days=1", "strategy=shunde_2025"))
    assert result.timeseries["day"].tolist() == [0]
    assert result.summary["days"] == 1 and result.summary["outbreak_end_day"] is None


@pytest.mark.slow
def test_two_years_on_the_small_village():
    params = compose_params(["village=small", "days=730", "outbreak.import_rate_per_day=0.05"])
    result = run(params)
    ts, s = result.timeseries, result.summary
    assert ts["day"][-1] == 729
    assert s["total_infections"] <= s["population"]
    assert ts["adult_mosquitoes"][-1] > 0
    assert s["outbreak_end_day"] is None or s["outbreak_end_day"] <= 729


@pytest.mark.parametrize("overrides", [
    ("seed=9223372036854775807",),
    ("village.households=2", "village.groups_x=1", "village.groups_y=1", "outbreak.seed_infections=50"),
    ("outbreak.import_rate_per_day=10000",),
    ("vector.eggs_per_batch=0",),
    ("vector.max_bites_per_human_per_day=0",),
    ("vector.warmup_days=0", "vector.p_move_per_day=0"),
    ("village.settlement_radius_cells=0", "village.max_households_per_cell=1000"),
    ("village.groups_x=12", "village.groups_y=5"),
    ("disease.report_delay_days=0", "disease.incubation_sd_days=0", "disease.infectious_sd_days=0"),
    ("disease.immune_after_recovery=false", "days=40"),
    ("vector.daily_survival=0",),
], ids=lambda o: " ".join(o))
def test_extreme_but_valid_settings_run(overrides):
    s = run(tiny("strategy=shunde_2025", *overrides)).summary
    assert s["imported_infections"] <= s["total_infections"]


def test_a_case_found_by_fever_screening_is_not_reported_again_by_the_clinic():
    """Regression: screening reported a case today and the clinic reported it again later."""
    params = tiny("days=40", "strategy=shunde_2025", "outbreak.import_rate_per_day=0.3",
                  "disease.report_delay_days=6", "disease.p_seek_care=0.5",
                  "strategy.trigger.case_threshold=3")  # the campaign must start for screening
    model = CampaignModel(params)
    result = checked(simulate(params, model=model), params)
    assert result.timeseries["cases_found_by_screening"].sum() > 0
    cases = model.surveillance.case_person
    assert len(cases) == len(set(cases)) == result.summary["total_reported_cases"]
    assert result.summary["total_reported_cases"] <= result.summary["total_infections"]


def test_without_immunity_a_new_episode_can_be_reported_again():
    params = tiny("days=60", "disease.immune_after_recovery=false", "outbreak.import_rate_per_day=1",
                  "disease.infectious_days=2", "disease.infectious_sd_days=0")
    model = CampaignModel(params)
    checked(simulate(params, model=model), params)
    pop = model.population
    infected_twice = np.flatnonzero(np.bincount(model.surveillance.case_person, minlength=pop.n) > 1)
    assert infected_twice.size > 0
