"""The size estimate (:mod:`sim.estimate`) against built models, and the guard it drives."""

from __future__ import annotations

import pytest

from sim.cli.compose import compose_params
from sim.degenerate import degenerate_warnings
from sim.errors import ConfigError
from sim.estimate import MAX_ADULTS_PER_RESIDENT, check_size, estimate_run
from sim.model import CampaignModel
from sim.simulate import release_model, simulate


@pytest.mark.parametrize("overrides", [
    ["village=small"],
    ["village=small", "vector.capacity_scale=10"],
    ["village=small", "village.households=150", "village.idle_fraction=0.3"],
])
def test_the_estimate_bounds_the_built_village_from_above_within_a_small_factor(overrides):
    """Sites are an upper bound (uncounted habitat: one patch per house at most); adults at
    day 0 are within a factor 3 of the estimate, which is meant as an upper bound (density
    dependence makes real adults fewer at high capacity)."""
    p = compose_params(overrides)
    est = estimate_run(p)
    model = CampaignModel(p)
    try:
        sites, adults, people = model.sites.n, model.world.mosquitoes.n_adults, model.population.n
    finally:
        release_model(model)
    assert 0.7 * sites <= est.breeding_sites <= 2.0 * sites
    assert 0.8 * adults <= est.adults <= 3.0 * adults
    assert 0.6 * people <= est.residents <= 1.6 * people  # households are Poisson-sized


def test_the_estimate_grows_with_each_driver():
    base = estimate_run(compose_params(["village=small"]))
    for override in ("village.households=900", "vector.capacity_scale=6", "days=360",
                     "staffing.pool.cadre=5000"):
        bigger = estimate_run(compose_params(["village=small", override]))
        assert bigger.seconds > base.seconds, override
        assert bigger.memory_bytes >= base.memory_bytes, override
    agents = estimate_run(compose_params(["village=small", "vector.engine=agents"]))
    assert agents.mesa_agents > 50 * base.mesa_agents and agents.seconds > 100 * base.seconds


def test_the_guard_names_the_key_that_makes_the_run_too_big():
    p = compose_params(["village=small", "village.households=1800"])
    assert check_size(p).memory_bytes > 0  # fits: returned, not raised
    with pytest.raises(ConfigError) as info:
        check_size(p, memory_limit=1e6)
    assert info.value.key == "village.households" and "more than this machine allows" in str(info.value)
    slow = compose_params(["village=small", "vector.engine=agents"])
    with pytest.raises(ConfigError) as info:
        check_size(slow, hours_limit=0.01)
    assert info.value.key == "vector.engine"
    with pytest.raises(ConfigError) as info:
        check_size(compose_params(["village=small", "vector.capacity_scale=1000"]))
    assert info.value.key == "vector.capacity_scale"
    assert f"at most {MAX_ADULTS_PER_RESIDENT:,.0f}" in str(info.value)


def test_every_preset_village_and_district_passes_the_guard_on_a_machine_with_8_gb():
    for overrides in (["village=default"], ["village=town"], ["district=demo"]):
        check_size(compose_params(overrides), memory_limit=8e9)


def test_degenerate_runs_carry_a_warning_and_ordinary_ones_none():
    never = simulate(compose_params(["village=small", "days=10", "strategy=full_cadre",
                                     "strategy.trigger.mode=day", "strategy.trigger.day=5000"]))
    assert any("can never start" in w for w in never.summary["warnings"])
    empty = simulate(compose_params(["village=small", "days=5", "village.idle_fraction=1"]))
    assert any("no residents" in w for w in empty.summary["warnings"])
    thin = compose_params(["village=small", "days=20", "strategy=full_cadre", "staffing.pool.cadre=2"])
    assert any("reached only" in w for w in simulate(thin).summary["warnings"])
    ordinary = compose_params(["village=small", "days=40", "strategy=full_cadre"])
    result = simulate(ordinary)
    assert result.summary["wartime_start_day"] is not None
    assert result.summary["warnings"] == degenerate_warnings(ordinary, result.summary) == []
