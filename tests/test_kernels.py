"""The compiled adult step equals the numpy one, draw for draw and byte for byte."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from sim.cli.compose import compose_params
from sim.model import CampaignModel
from sim.simulate import simulate
from sim.vector import compiled, kernels, rules, tables
from sim.vector.arrays import ArrayMosquitoes

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

SHUNDE = ["strategy=shunde_2025"]  # the default village: its epidemic is under way by day 25


def _model(overrides: list[str], days: int) -> CampaignModel:
    model = CampaignModel(compose_params(overrides))
    for _ in range(days):
        model.step()
    return model


def _step_with(choice: str, engine: ArrayMosquitoes, model: CampaignModel, kill: np.ndarray | None,
               monkeypatch: pytest.MonkeyPatch):
    """One adult day of a deep copy of ``engine`` (same generator state) with ``choice``."""
    twin = copy.deepcopy(engine)
    monkeypatch.setenv("VCSIM_KERNELS", choice)
    bites = twin.step_adults(model.day, model._hosts(model.day), kill, model.today_traits)
    return twin, bites


@pytest.mark.parametrize("with_residual_kill", [False, True])
def test_one_day_is_identical_compiled_and_numpy(monkeypatch, with_residual_kill):
    # mid-epidemic, campaign running: exposed, infectious and fed females, coils, isolation
    model = _model(SHUNDE, 25)
    engine = model.mosquitoes
    assert engine.n_infectious() > 0 and int(engine.fed.sum()) > 0
    kill = None
    if with_residual_kill:
        kill = np.where(np.arange(engine.n_cells) % 3 == 0, 0.4, 0.0)
    a, bites_a = _step_with("never", engine, model, kill, monkeypatch)
    b, bites_b = _step_with("always", engine, model, kill, monkeypatch)
    assert a.n_adults == b.n_adults
    for x, y in zip(a.live_columns().values(), b.live_columns().values(), strict=True):
        np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(a.sites.immatures, b.sites.immatures)
    np.testing.assert_array_equal(bites_a.infected_people, bites_b.infected_people)
    np.testing.assert_array_equal(bites_a.sources, bites_b.sources)
    assert bites_a.bites == bites_b.bites > 0
    assert a.rng.bit_generator.state == b.rng.bit_generator.state  # same number of draws


def test_kills_are_identical_compiled_and_numpy(monkeypatch):
    model = _model(SHUNDE, 25)
    engine = model.mosquitoes
    n = engine.n_cells
    knockdown = np.where(np.arange(n) % 7 == 0, 0.6, 0.0)
    spray = np.where(np.arange(n) % 5 == 0, 0.3, 0.0)  # some cells reached by both
    survivors = []
    for choice in ("never", "always"):
        twin = copy.deepcopy(engine)
        monkeypatch.setenv("VCSIM_KERNELS", choice)
        streams = [np.random.default_rng(11), np.random.default_rng(12)]
        killed = twin.kill_in_cells([(knockdown, streams[0]), (spray, streams[1])])
        survivors.append((killed, twin.live_columns()))
    assert survivors[0][0] == survivors[1][0] > 0
    for x, y in zip(survivors[0][1].values(), survivors[1][1].values(), strict=True):
        np.testing.assert_array_equal(x, y)


def test_whole_runs_are_byte_identical_compiled_and_numpy(monkeypatch):
    monkeypatch.setenv("VCSIM_WARMUP_CACHE", "0")  # the warm-up is stepped by each path too
    outputs = []
    for choice in ("never", "always"):
        monkeypatch.setenv("VCSIM_KERNELS", choice)
        out = simulate(compose_params([*SHUNDE, "days=60", "seed=3"]))
        summary = {k: v for k, v in out.summary.items() if k != "wall_seconds"}
        outputs.append(({k: v.tobytes() for k, v in out.timeseries.items()},
                        json.dumps(summary, sort_keys=True, default=str)))
    assert outputs[0] == outputs[1]
    assert max(np.frombuffer(outputs[0][0]["new_infections"], np.int64)) > 0


def test_flight_at_the_float32_edge_matches_the_alias_rule():
    rng = np.random.default_rng(1)
    attraction = (rng.random(30) < 0.4).astype(float)
    table = tables.move_table(6, 5, attraction, host_attraction=2.0, p_move=0.7)
    u = np.concatenate([rng.random(5000, dtype=np.float32),
                        np.array([0.0, np.nextafter(np.float32(1), np.float32(0))], np.float32)])
    cell = rng.integers(0, 30, u.size).astype(np.int32)
    fed = (rng.random(u.size) < 0.3).astype(np.int8)
    expected = rules.dispersal(u, cell.copy(), table)
    rows = np.empty(u.size, np.int64)
    n_fed = kernels.fly(u, cell, fed, table.k, table.cut, table.value, rows)
    np.testing.assert_array_equal(cell, expected)
    np.testing.assert_array_equal(rows[:n_fed], np.flatnonzero(fed))


def test_laying_matches_the_oviposition_rule_with_empty_and_patch_cells():
    rng = np.random.default_rng(2)
    n_cells = 40
    site_cell = rng.integers(0, n_cells // 2, 60)  # the upper half of the cells has no site
    uncounted = rng.random(60) < 0.2
    share = np.where(rng.random(n_cells) < 0.5, rng.random(n_cells), 0.0)
    by_cell = tables.sites_by_cell(site_cell, n_cells, uncounted, share)
    u = rng.random(20_000, dtype=np.float32)
    cell = rng.integers(0, n_cells, u.size).astype(np.int32)
    p_lay = rules.laying_probability(True, 3.7)
    expected = rules.oviposition_site(u, cell, p_lay, by_cell)
    fed = np.ones(u.size, np.int8)
    sites = np.empty(u.size, np.int32)
    n = kernels.lay(u, np.arange(u.size), cell, fed, np.float32(p_lay), float(p_lay),
                    by_cell.uncounted_share, by_cell.uncounted, by_cell.start, by_cell.count,
                    by_cell.order, sites)
    np.testing.assert_array_equal(sites[:n], expected[expected >= 0])
    np.testing.assert_array_equal(fed == 0, rules.occurs(u, p_lay))
    assert 0 < n < u.size


def test_host_choice_matches_the_rule_with_empty_cells_and_uneven_exposure():
    model = _model(["village=small", "days=2"], 1)
    hosts = model._hosts(model.day)
    rng = np.random.default_rng(3)
    n = 50_000
    cell = rng.integers(0, model.mosquitoes.n_cells, n).astype(np.int32)  # many cells have no one
    u_person, u_away = rng.random(n), rng.random(n)
    expected = rules.choose_host(u_person, u_away, cell, hosts)
    got = np.empty(n, hosts.person_order.dtype)
    kernels.pick_hosts(u_person, u_away, cell, float(hosts.p_bite_away), hosts.exposure_cum,
                       hosts.cell_start, hosts.cell_count, hosts.cell_exposure, hosts.person_order, got)
    np.testing.assert_array_equal(got, expected)
    assert 0 < hosts.p_bite_away < 1 and (hosts.cell_count == 0).any()


def test_the_choice_follows_the_threshold_and_refuses_unknown_values(monkeypatch):
    monkeypatch.delenv("VCSIM_KERNELS", raising=False)
    assert not compiled.wanted(compiled.MIN_ADULTS - 1)
    assert compiled.wanted(compiled.MIN_ADULTS)
    monkeypatch.setenv("VCSIM_KERNELS", "never")
    assert not compiled.wanted(10**9)
    monkeypatch.setenv("VCSIM_KERNELS", "fast")
    with pytest.raises(ValueError, match="VCSIM_KERNELS='fast': allowed values are auto, always, never"):
        compiled.wanted(1)
