"""The two mosquito engines: shared rules, the agent engine on Mesa, statistical equivalence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from mesa.discrete_space import CellAgent

from sim.cli.compose import compose_params
from sim.model import CampaignModel
from sim.simulate import simulate
from sim.sites import BreedingSites
from sim.vector import rules, tables
from sim.vector.agents import AgentMosquitoes, MosquitoAgent
from sim.vector.arrays import ArrayMosquitoes
from sim.vector.engine import MosquitoState
from sim.vector.hosts import HostView

ROOT = Path(__file__).resolve().parent.parent
TINY = ["village=small", "vector.capacity_scale=0.2", "vector.warmup_days=5", "days=4"]


def _exact_outcome_probabilities(table: tables.AliasTable, row: int, n_outcomes: int) -> np.ndarray:
    """Probability of each outcome of one row of an alias table, computed from the table itself."""
    k = table.k
    p = np.zeros(n_outcomes)
    for j in range(k):
        i = row * k + j
        accept = float(table.cut[i]) - j
        p[table.value[2 * i]] += accept / k
        p[table.value[2 * i + 1]] += (1.0 - accept) / k
    return p


# --- rules ------------------------------------------------------------------
def test_alias_table_reproduces_the_weights_exactly():
    rng = np.random.default_rng(0)
    weights = rng.random((50, 9)) * (rng.random((50, 9)) < 0.7) + 1e-3
    outcomes = np.tile(np.arange(9), (50, 1))
    table = tables.alias_table(weights, outcomes)
    for row in range(50):
        p = _exact_outcome_probabilities(table, row, 9)
        # float32 acceptance thresholds: exact up to ~1e-7 per slot
        np.testing.assert_allclose(p, weights[row] / weights[row].sum(), atol=1e-6)


def test_move_table_stays_with_one_minus_p_move_and_prefers_people():
    width, height = 5, 4
    attraction = np.zeros(width * height)
    attraction[1 * height + 2] = 1.0  # people live in cell (1, 2)
    table = tables.move_table(width, height, attraction, host_attraction=2.0, p_move=0.8)
    interior = 2 * height + 1  # (2, 1): 8 real neighbours, one of them (1, 2) has people
    p = _exact_outcome_probabilities(table, interior, width * height)
    assert p[interior] == pytest.approx(0.2, abs=1e-6)
    assert p[1 * height + 2] == pytest.approx(0.8 * 3.0 / 10.0, abs=1e-6)  # weight 3 of 7x1 + 3
    corner = 0  # 3 real neighbours, 5 off-grid slots repeat the cell itself
    assert _exact_outcome_probabilities(table, corner, width * height)[corner] == pytest.approx(
        0.2 + 0.8 * 5 / 8, abs=1e-6)


def test_rules_give_the_same_answer_for_one_agent_and_for_arrays():
    """One biology: the scalar path (an agent) equals the array path (the array engine)."""
    rng = np.random.default_rng(1)
    width, height = 6, 5
    attraction = (rng.random(width * height) < 0.5).astype(float)
    moves = tables.move_table(width, height, attraction, 2.0, 0.8)
    moves_lists = tables.AliasTable(moves.k, moves.cut.tolist(), moves.value.tolist())
    site_cell = rng.integers(0, width * height, 25)
    by_cell = tables.sites_by_cell(site_cell, width * height)
    u = rng.random(500, dtype=np.float32)
    cells = rng.integers(0, width * height, 500).astype(np.int32)
    to = rules.dispersal(u, cells, moves)
    site = rules.oviposition_site(u, cells, 3.5, by_cell)
    eip = rules.eip_days(u, 3.4)
    for i in range(500):
        ui, ci = float(u[i]), int(cells[i])
        assert rules.dispersal(ui, ci, moves_lists) == to[i]
        assert rules.oviposition_site(ui, ci, 3.5, by_cell) == site[i]
        assert rules.eip_days(ui, 3.4) == eip[i]
    assert set(np.unique(site)) <= set(range(25)) | {-1}


def test_oviposition_site_is_uniform_among_the_cells_sites():
    site_cell = np.array([3, 3, 3, 7])
    by_cell = tables.sites_by_cell(site_cell, 10)
    p_lay = 0.25
    u = (np.arange(4000) + 0.5) / 4000 * p_lay  # every draw lays (u < p_lay), evenly spread
    chosen = rules.oviposition_site(u, np.full(u.size, 3), p_lay, by_cell)
    assert np.bincount(chosen, minlength=4)[:3].tolist() == [1333, 1334, 1333]
    assert (rules.oviposition_site(u, np.full(u.size, 5), p_lay, by_cell) == -1).all()  # no site
    assert rules.oviposition_site(0.9, 7, p_lay, by_cell) == -1  # 0.9 > p_lay: no batch today
    assert rules.oviposition_site(0.1, 7, p_lay, by_cell) == 3


def test_only_fed_females_lay_and_after_the_eggs_mature():
    assert rules.laying_probability(False, 3.5) == 0.0
    assert rules.laying_probability(True, 3.5) == pytest.approx(1 / 2.5)  # G - 1 days to mature
    assert rules.laying_probability(True, 1.5) == 1.0  # at least a day
    np.testing.assert_allclose(rules.laying_probability(np.array([True, False]), 3.5), [0.4, 0.0])


@pytest.mark.parametrize("engine", ["arrays", "agents"])
def test_no_eggs_where_no_one_is_bitten(engine):
    """Anautogeny: in a village whose mosquitoes can bite nobody, no egg is ever laid."""
    params = compose_params([*TINY, f"vector.engine={engine}", "vector.max_bites_per_human_per_day=0"])
    model = CampaignModel(params)
    model.sites.immatures[:] = 0
    for _ in range(3):
        model.step()
    assert model.sites.immatures.sum() == 0
    assert model.mosquitoes.n_adults > 0


def test_eggs_from_batches_keep_the_per_batch_mean():
    rng = np.random.default_rng(2)
    batches = np.full(20_000, 3)
    eggs = rules.female_eggs_from_batches(rng, batches, 63.0, 0.5)
    # Poisson mean 94.5 per site: the mean of 20,000 sites has sd 0.07; allow 5 sd.
    assert abs(eggs.mean() - 94.5) < 0.35
    assert (rules.female_eggs_from_batches(rng, np.zeros(5, int), 63.0, 0.5) == 0).all()


def _hosts(exposure: np.ndarray, p_bite_away: float = 0.0) -> HostView:
    """Four people: person 2 alone in cell 0, people 0, 1, 3 in cell 1, nobody in cell 2."""
    order = np.array([2, 0, 1, 3])
    cell = np.array([1, 1, 0, 1])
    return HostView(person_order=order, cell_start=np.array([0, 1, 4]),
                    cell_count=np.array([1, 3, 0]), infectious=np.zeros(4, bool),
                    susceptible=np.ones(4, bool), p_bite_blocked=np.zeros(4),
                    transmit_factor=np.ones(4), exposure_cum=np.cumsum(exposure[order]),
                    cell_exposure=np.bincount(cell, weights=exposure, minlength=3),
                    p_bite_away=p_bite_away)


def test_choose_host_at_home_or_anywhere():
    hosts = _hosts(np.ones(4))
    u = np.linspace(0, 0.999, 300)
    at_home = rules.choose_host(u, np.ones(300), np.full(300, 1), hosts)
    assert set(at_home.tolist()) == {0, 1, 3}
    assert rules.choose_host(0.0, 1.0, 0, hosts) == 2
    assert rules.choose_host(0.999999, 1.0, 0, hosts) == 2  # never spills into the next cell
    hosts.p_bite_away = 1.0
    anyone = rules.choose_host(u, np.zeros(300), np.full(300, 1), hosts)
    assert set(anyone.tolist()) == {0, 1, 2, 3}


def test_choose_host_follows_exposure_at_home_and_away():
    exposure = np.array([0.5, 3.0, 2.0, 0.5])  # person 1 has half of cell 1's exposure (3 of 4)
    u = (np.arange(40_000) + 0.5) / 40_000  # evenly spaced draws: shares are exact up to 1/40,000
    at_home = rules.choose_host(u, np.ones(u.size), np.full(u.size, 1), _hosts(exposure))
    shares = np.bincount(at_home, minlength=4) / u.size
    np.testing.assert_allclose(shares, [0.125, 0.75, 0.0, 0.125], atol=1e-4)
    anyone = rules.choose_host(u, np.zeros(u.size), np.full(u.size, 1), _hosts(exposure, 1.0))
    np.testing.assert_allclose(np.bincount(anyone, minlength=4) / u.size, exposure / 6.0, atol=1e-4)
    # The scalar path (one agent's draws) picks the same people as the array path.
    assert [int(rules.choose_host(x, 1.0, 1, _hosts(exposure))) for x in u[::997]] == at_home[::997].tolist()


def test_immature_cohorts_age_and_emerge():
    rng = np.random.default_rng(3)
    cohorts = np.array([[5, 0, 7], [0, 0, 0]])
    aged, emerged = rules.step_immature_cohorts(rng, cohorts, np.array([1.0, 1.0]), 3)
    assert aged.tolist() == [[0, 5, 0], [0, 0, 0]]
    assert emerged.tolist() == [7, 0]
    # A warm day shortens development: every cohort at or past the new last day emerges.
    aged, emerged = rules.step_immature_cohorts(rng, np.array([[5, 2, 7]]), np.array([1.0]), 2)
    assert aged.tolist() == [[0, 5, 0]]
    assert emerged.tolist() == [9]


def test_survival_probability_with_spraying():
    assert rules.survival_probability(0.9) == 0.9
    np.testing.assert_allclose(rules.survival_probability(0.9, np.array([0.0, 0.5])), [0.9, 0.45])


# --- the agent engine ---------------------------------------------------------
def test_agent_engine_runs_through_the_real_configs():
    params = compose_params([*TINY, "vector.engine=agents"])
    model = CampaignModel(params)
    assert isinstance(model.mosquitoes, AgentMosquitoes)
    result = simulate(params, model=model)
    assert result.summary["vector_engine"] == "agents"
    mosquitoes = model.agents_by_type[MosquitoAgent]
    assert len(mosquitoes) == model.mosquitoes.n_adults > 0
    agent = next(iter(mosquitoes))
    assert isinstance(agent, CellAgent)
    assert agent in agent.cell.agents
    x, y = agent.cell.coordinate
    assert agent.cell_index == x * model.village.height + y
    assert model.mosquitoes.density().sum() == model.mosquitoes.n_adults
    model.update_layers()
    assert model.grid.mosquito_density.data.sum() == model.mosquitoes.n_adults
    assert result.timeseries["adult_mosquitoes"][-1] == model.mosquitoes.n_adults


def test_engines_share_one_public_interface():
    for name in ("n_adults", "n_infectious", "density", "add_adults", "kill_in_cells", "expose",
                 "step_aquatic", "step_adults"):
        assert hasattr(ArrayMosquitoes, name) and hasattr(AgentMosquitoes, name), name


@pytest.mark.parametrize("engine", ["arrays", "agents"])
def test_kill_in_cells_kills_only_where_sprayed(engine):
    model = CampaignModel(compose_params([*TINY, f"vector.engine={engine}"]))
    m = model.mosquitoes
    before = m.density()
    sprayed = np.flatnonzero(before)[::2]
    kill = np.zeros(model.village.n_cells)
    kill[sprayed] = 1.0
    killed = m.kill_in_cells([(kill, model.streams["campaign.knockdown"])])
    after = m.density()
    assert killed == before[sprayed].sum()
    assert after[sprayed].sum() == 0
    keep = np.setdiff1d(np.arange(model.village.n_cells), sprayed)
    assert (after[keep] == before[keep]).all()


def _states(m) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(m, ArrayMosquitoes):
        return m.state.copy(), m.source.copy()
    agents = list(m.agents)
    return np.array([a.state for a in agents]), np.array([a.source for a in agents])


@pytest.mark.parametrize("engine", ["arrays", "agents"])
def test_visitors_expose_only_susceptible_adults(engine):
    """``expose``: of n adults drawn, the susceptible ones become exposed with the given source,
    nobody else changes; twice as many draws on a half-exposed population expose about half."""
    model = CampaignModel(compose_params([*TINY, f"vector.engine={engine}"]))
    m = model.mosquitoes
    n = m.n_adults
    rng = np.random.default_rng(1)
    assert m.expose(0, rng, 4.5, -2) == 0
    first = m.expose(n // 2, rng, 4.5, -2)
    state, source = _states(m)
    assert first == n // 2  # everyone was susceptible
    assert np.count_nonzero(state == MosquitoState.EXPOSED) == first
    assert (source[state == MosquitoState.EXPOSED] == -2).all()
    second = m.expose(n, rng, 4.5, -2)  # every adult bitten: only the rest are susceptible
    state, _ = _states(m)
    assert second == n - first
    assert np.count_nonzero(state == MosquitoState.EXPOSED) == n


@pytest.mark.parametrize("engine", ["arrays", "agents"])
def test_residual_spray_kills_before_flight(engine):
    model = CampaignModel(compose_params([*TINY, f"vector.engine={engine}"]))
    hosts = model.protections.hosts(model.population, 0.0, 0)
    result = model.mosquitoes.step_adults(0, hosts, np.ones(model.village.n_cells),
                                          model.world.traits_on(0))
    assert model.mosquitoes.n_adults == 0
    assert result.bites == 0 and result.infected_people.size == 0


def test_engine_choice_is_validated():
    from sim.errors import ConfigError

    with pytest.raises(ConfigError):
        compose_params(["vector.engine=turbo"])


def test_breeding_sites_are_shared_by_both_engines():
    for engine in ("arrays", "agents"):
        model = CampaignModel(compose_params([*TINY, f"vector.engine={engine}"]))
        assert isinstance(model.mosquitoes.sites, BreedingSites)
        assert model.mosquitoes.sites is model.sites


# --- statistical equivalence ----------------------------------------------------
# A small village with fewer mosquitoes (capacity x0.4: ~4,700 adults) and more
# transmission, so that an outbreak peaks (day ~32) within 40 days and the agent
# engine finishes in reasonable time. The arrays run every seed in under a second.
EQUIVALENCE = ["village=small", "vector.capacity_scale=0.16", "village.uncounted_habitat=false",
               "vector.warmup_days=15", "days=40",
               "outbreak.seed_infections=10", "vector.bites_per_mosquito_per_day=0.6",
               "disease.p_mosquito_to_human=0.7",
               # From day 15 the Shunde campaign: indoor knockdown, fogging, residual spray,
               # larvicide, coils. The first half tests the biology alone, the second the kills.
               "strategy=shunde_2025", "strategy.trigger.mode=day", "strategy.trigger.day=15"]
SEEDS = range(8)
OUTCOMES = ("total infections", "peak day", "mean adult mosquitoes", "adults in the last 10 days")


def _outcomes(engine: str) -> np.ndarray:
    rows = []
    for seed in SEEDS:
        ts = simulate(compose_params([*EQUIVALENCE, f"vector.engine={engine}", f"seed={seed}"])).timeseries
        assert ts["cells_sprayed_today"].sum() > 0 and ts["households_visited_today"].sum() > 0
        local = ts["new_infections"][1:]  # day 0 holds the imported seed infections
        rows.append((ts["cumulative_infections"][-1], 1 + int(np.argmax(local)),
                     ts["adult_mosquitoes"].mean(), ts["adult_mosquitoes"][-10:].mean()))
    return np.array(rows, dtype=float)


@pytest.mark.slow
def test_agent_and_array_engines_agree_statistically():
    """Same biology and the same campaign kills, different random draws: outcome
    distributions must agree.

    Test: for each outcome (total infections, peak day of local infections, mean adult
    mosquitoes, adults in the last 10 days, after knockdown and spraying from day 15), the
    difference of the two engines' means over 8 seeds each must lie within 3 standard errors
    of that difference (Welch: SE = sqrt(s_a^2/8 + s_b^2/8)). Under equal distributions
    |t| > 3 has probability ~1% per outcome (t with ~14 df); the seeds are fixed, so the
    test is deterministic. Observed when written (mean, SE): infections 304 (39) arrays vs
    350 (47) agents, peak day 23.4 (0.6) vs 22.9 (1.3), mean adults 2,151 (30) vs 2,149 (37),
    last 10 days 347 (9) vs 346 (18); a 20% error in the surviving adults would exceed the
    bound. capacity_scale 0.16 keeps the agent engine's cost down. Also, the agent engine
    must not be degenerate: outbreaks happen.
    """
    a, b = _outcomes("arrays"), _outcomes("agents")
    for k, name in enumerate(OUTCOMES):
        se = np.sqrt(a[:, k].var(ddof=1) / len(a) + b[:, k].var(ddof=1) / len(b))
        diff = a[:, k].mean() - b[:, k].mean()
        assert abs(diff) <= 3 * se + 1e-9, f"{name}: arrays {a[:, k].mean():.1f} vs agents " \
                                           f"{b[:, k].mean():.1f} (SE {se:.1f})"
    assert b[:, 0].min() > 100


# --- the benchmark ---------------------------------------------------------------
@pytest.mark.slow
def test_bench_quick_prints_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.bench", "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for heading in ("1. Mosquito engines", "agents / arrays", "2. Whole runs", "campaign %",
                    "3. Whole processes", "4. Scaling", "log-log slope", "5. Local sweep",
                    "runs per minute"):
        assert heading in proc.stdout, heading
    figures = json.loads(out.read_text())
    assert figures["sweep"]["runs"] == 4 and figures["engines"]["agents_over_arrays"][0] > 1
    assert out.exists()


def test_uncounted_habitat_receives_its_share_of_the_batches():
    site_cell = np.array([3, 3, 3, 7, 3, 9])
    uncounted = np.array([False, False, False, False, True, True])
    by_cell = tables.sites_by_cell(site_cell, 10, uncounted, 0.9)
    u = (np.arange(10_000) + 0.5) / 10_000  # p_lay 1: every draw lays, evenly spread
    chosen = rules.oviposition_site(u, np.full(u.size, 3), 1.0, by_cell)
    assert np.count_nonzero(chosen == 4) == 9_000
    assert np.bincount(chosen, minlength=5)[:3].tolist() == [333, 334, 333]
    assert (rules.oviposition_site(u, np.full(u.size, 9), 1.0, by_cell) == 5).all()  # only habitat
    assert (rules.oviposition_site(u, np.full(u.size, 7), 1.0, by_cell) == 3).all()  # no habitat
    assert rules.oviposition_site(0.95, 3, 1.0, by_cell) in (0, 1, 2)  # the scalar path agrees
    assert rules.oviposition_site(0.5, 3, 1.0, by_cell) == 4
