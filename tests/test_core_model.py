"""Determinism and invariants of the model; what each process receives."""

from __future__ import annotations

import numpy as np

from sim.model import PHASES, CampaignModel
from sim.outputs import timeseries_csv
from sim.simulate import simulate


def test_a_step_runs_every_phase_once_in_the_written_order(small, monkeypatch):
    model = CampaignModel(small("days=3"))
    calls: list[str] = []
    for name in PHASES:
        real = getattr(model, f"_step_{name}")
        monkeypatch.setattr(model, f"_step_{name}", lambda real=real, name=name: (calls.append(name), real()))
    model.step()
    assert calls == list(PHASES) and model.day == 1


def test_campaign_and_mosquitoes_do_not_import_the_model():
    """Processes receive what they use (the world, their parameters), never the whole model."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "sim"
    for folder in ("campaign", "vector"):
        for path in (root / folder).glob("*.py"):
            assert "sim.model" not in path.read_text(), path


def test_same_seed_gives_identical_timeseries(small):
    a = timeseries_csv(simulate(small("seed=5", "days=40")).timeseries)
    b = timeseries_csv(simulate(small("seed=5", "days=40")).timeseries)
    assert a == b


def test_different_seeds_differ(small):
    a = timeseries_csv(simulate(small("seed=1", "days=40")).timeseries)
    b = timeseries_csv(simulate(small("seed=2", "days=40")).timeseries)
    assert a != b


def test_people_conserved_counts_non_negative_cumulative_monotone(small):
    params = small("seed=3", "days=80")
    ts = simulate(params).timeseries
    states = (ts["susceptible_humans"] + ts["exposed_humans"] + ts["infectious_humans"]
              + ts["recovered_humans"])
    population = states[0]
    assert population > 1000
    assert np.all(states == population)
    for name, column in ts.items():
        assert np.all(column >= 0), name
        assert np.all(np.isfinite(column)), name
    for name in ("cumulative_infections", "cumulative_reported_cases"):
        assert np.all(np.diff(ts[name]) >= 0)
    assert ts["cumulative_infections"][-1] == ts["new_infections"].sum()
    # Reports can only come from infections.
    assert ts["cumulative_reported_cases"][-1] <= ts["cumulative_infections"][-1]


def test_grid_and_agents_are_mesa_objects(small):
    from mesa.discrete_space import CellAgent, FixedAgent, OrthogonalMooreGrid

    model = CampaignModel(small("days=5"))
    assert isinstance(model.grid, OrthogonalMooreGrid)
    assert all(isinstance(h, FixedAgent) for h in model.households)
    assert len(model.households) == model.village.n_households
    idle = [h for h in model.households if h.idle]
    assert idle and all(h.locked and h.residents == 0 for h in idle)
    assert sum(h.residents for h in model.households) == model.population.n
    assert all(isinstance(a, CellAgent) for a in model.agents if not isinstance(a, FixedAgent))
    model.update_layers()
    assert model.grid.mosquito_density.data.sum() == model.mosquitoes.n_adults


def test_summary_has_the_contract_fields(small):
    s = simulate(small("days=30")).summary
    for key in ("seed", "strategy", "days", "population", "households", "total_infections",
                "total_reported_cases", "attack_rate", "peak_daily_reported_cases", "peak_day",
                "outbreak_end_day", "sites_found", "sites_cleared", "clearance_rate",
                "final_breteau_index", "days_to_breteau_below_5", "staff_person_days",
                "wall_seconds"):
        assert key in s, key
    assert set(s["staff_person_days"]) == set(small().roles)  # every role of configs/roles
